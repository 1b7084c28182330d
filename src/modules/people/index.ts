// The people module's face to other modules: guests, delegations, invitations and registration.
export { invitationsRoutes } from './invitations.routes.js';
export { registrationRoutes } from './registration.routes.js';
export { readGuestPhoto } from './read-guest-photo.js';
