// The people module's face to other modules: guests, delegations, invitations and registration.
export { invitationsRoutes } from './invitations.routes.js';
export { registrationRoutes } from './registration.routes.js';
export { readGuestPhoto } from './read-guest-photo.js';
// invitations: the demo and the desk reuse the token and link, the import and the send
export { createInvitationToken, invitationLink, sendInvitations } from './send-invitations.js';
export { importInvitations, delegationCode } from './import-invitations.js';
export { DEFAULT_TEMPLATES, render as renderTemplate } from './message-templates.js';
// registration: the photo checks, and the face detector port that the face engine (issue 6) implements
export { checkPhoto, PHOTO_LIMITS, type FaceFinder } from './check-photo.js';
