// Decisions that span modules, each one transaction (DESIGN.md: commands sit on top; modules never import them).
export { decisionRoutes } from './decisions.routes.js';
export { accreditPerson } from './accredit-person.js';
export { changeGuestCategory } from './change-guest-category.js';
export { changeGuestIdentity } from './change-guest-identity.js';
export { reviewRegistration } from './review-registration.js';
