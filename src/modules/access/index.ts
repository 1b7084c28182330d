// The access module's face to other modules: gates, scans, presence and occupancy.
import { defineModule } from '../../platform/module.js';
import { migrations } from './migrations/index.js';
import type { AccessTables } from './access.tables.js';
import { accessRoutes } from './access.routes.js';
import { reportsRoutes } from './reports.routes.js';
import { accessMessages } from './access.messages.js';
import { accessPrivacy } from './access.privacy.js';
export { accessRoutes } from './access.routes.js';
export { reportsRoutes } from './reports.routes.js';
export { buildGateBundle } from './build-gate-bundle.js';
export { recordScans } from './record-scans.js';
// whether a gate has scans: supplies accreditation's port (ADR 0013)
export { gateHasScans } from './read-gate-scans.js';
export type { AccessTables } from './access.tables.js';

/** The access module as the composition root plugs it in (ADR 0010). */
export const manifest = defineModule<AccessTables>()({
  name: 'access',
  tables: ['scans', 'presence'],
  migrations,
  permissions: {
    'gate.scan': { roles: ['organiser', 'gate_staff', 'device'], devices: ['scanner'] },
    'reports.read': ['organiser'],
  },
  messages: [accessMessages],
  routes: (app, deps) => {
    accessRoutes(app, deps);
    reportsRoutes(app, deps);
  },
  privacy: accessPrivacy,
});
