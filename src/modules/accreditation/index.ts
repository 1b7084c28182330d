// The accreditation module's face to other modules: rules, credentials, badges and the badge desk.
import { defineModule } from '../../platform/module.js';
import { migrations } from './migrations/index.js';
import type { AccreditationTables } from './accreditation.tables.js';
import { accreditationRoutes } from './accreditation.routes.js';
import { badgesRoutes } from './badges.routes.js';
import { deskRoutes } from './desk.routes.js';
import { accreditationMessages } from './accreditation.messages.js';
import { badgesMessages } from './badges.messages.js';
import { deskMessages } from './desk.messages.js';
import { accreditationPrivacy } from './accreditation.privacy.js';
export { accreditationRoutes } from './accreditation.routes.js';
export { badgesRoutes } from './badges.routes.js';
export { deskRoutes } from './desk.routes.js';
export { eventKey } from './event-keys.js';
export { checkCredential, signCredential } from './sign-credential.js';
export { issueCredential, revokeCredential } from './issue-credential.js';
// what the decisions of src/commands run in their one transaction
export { type CausedEvent, type IssuedCredential, issueCredentialIn, prepareIssuer, revokeCurrentIn, type Issuer } from './issue-credential.js';
export { listCategories } from './accreditation.store.js';
// reads of the gate rules and credentials for access's gate bundle and reports, and faces' port
export { categoryZoneWindows, currentCredentialPayload, eventCredentials, eventGates, overridesInZones, type GateRow } from './read-gate-rules.js';
export { renderBadges } from './print-badges.js';
// a guest's current credential (supplies people's port), and what accreditation asks of access above it (ADR 0013)
export { currentCredentialOf } from './read-guest-credential.js';
export { gateHistory, type GateHistory } from './accreditation.ports.js';
export type { AccreditationTables } from './accreditation.tables.js';

/** The accreditation module as the composition root plugs it in (ADR 0010). */
export const manifest = defineModule<AccreditationTables>()({
  name: 'accreditation',
  tables: ['category_zones', 'guest_zone_overrides', 'event_keys', 'credentials', 'gates'],
  migrations,
  permissions: {
    'accreditation.manage': ['organiser'],
    'badges.print': ['organiser'],
    'badges.desk': ['organiser', 'desk_staff'],
  },
  messages: [accreditationMessages, badgesMessages, deskMessages],
  routes: (app, deps) => {
    accreditationRoutes(app, deps);
    badgesRoutes(app, deps);
    deskRoutes(app, deps);
  },
  privacy: accreditationPrivacy,
});
