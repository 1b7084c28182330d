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
// the reads and store functions the decisions of src/commands run in their one transaction
export { guestStanding, setGuestCategory, type GuestRow, type GuestStanding } from './people.store.js';
export { guestDetail } from './list-guests.js';
export { invitationView } from './read-invitation.js';
export { applyReview, planReview, reviewEvent, type ReviewPlan } from './review-registration.js';
export { applyGuestEdit, planGuestEdit, type GuestEditPlan } from './edit-guest.js';
export { guestOfInvitation, leavesApproval, memberOfHead, planRegistration, saveRegistration, type RegistrationPlan } from './register-guest.js';
