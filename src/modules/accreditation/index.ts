// The accreditation module's face to other modules: rules, credentials, badges and the badge desk.
export { accreditationRoutes } from './accreditation.routes.js';
export { badgesRoutes } from './badges.routes.js';
export { deskRoutes } from './desk.routes.js';
export { eventKey } from './event-keys.js';
export { checkCredential, signCredential } from './sign-credential.js';
export { issueCredential, revokeCredential } from './issue-credential.js';
// what the decisions of src/commands run in their one transaction
export { type CausedEvent, type IssuedCredential, issueCredentialIn, prepareIssuer, revokeCurrentIn, type Issuer } from './issue-credential.js';
export { listCategories } from './accreditation.store.js';
export { renderBadges } from './print-badges.js';
