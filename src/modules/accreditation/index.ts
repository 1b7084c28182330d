// The accreditation module's face to other modules: rules, credentials, badges and the badge desk.
export { accreditationRoutes } from './accreditation.routes.js';
export { badgesRoutes } from './badges.routes.js';
export { deskRoutes } from './desk.routes.js';
export { eventKey } from './event-keys.js';
export { checkCredential, signCredential } from './sign-credential.js';
export { issueCredential, revokeCredential } from './issue-credential.js';
export { renderBadges } from './print-badges.js';
