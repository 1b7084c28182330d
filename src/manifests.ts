// The modules, in the one order they plug in: routes register, privacy exports list and the docs show them in this
// order (a shred runs the privacy registrants in reverse, dependants first). A new module adds its manifest here,
// its table map to src/composed-types.ts, and nothing in src/platform.
import { manifest as access } from './modules/access/index.js';
import { manifest as accreditation } from './modules/accreditation/index.js';
import { manifest as agenda } from './modules/agenda/index.js';
import { manifest as documents } from './modules/documents/index.js';
import { manifest as events } from './modules/events/index.js';
import { manifest as faces } from './modules/faces/index.js';
import { manifest as logistics } from './modules/logistics/index.js';
import { manifest as notices } from './modules/notices/index.js';
import { manifest as people } from './modules/people/index.js';
import { manifest as program } from './modules/program/index.js';
import { manifest as vehicles } from './modules/vehicles/index.js';

export const MODULES = [events, program, people, agenda, documents, accreditation, access, faces, vehicles, logistics, notices] as const;
