// The people module's face to other modules: guests, delegations, invitations and registration.
import { defineModule } from '../../platform/module.js';
import { migrations } from './migrations/index.js';
import type { PeopleTables } from './people.tables.js';
import { invitationsRoutes } from './invitations.routes.js';
import { registrationRoutes } from './registration.routes.js';
import { invitationsMessages } from './invitations.messages.js';
import { registrationMessages } from './registration.messages.js';
import { peoplePrivacy } from './people.privacy.js';
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
// reads of an event's guests for access (gate bundle, arrival reports) and for the faces and vehicles ports (ADR 0012)
export { approvedGuests, approvedGuestVehicles, dropEventPhotos, eventDelegations, eventOfDelegation, eventOfGuest, faceSubject, guestsWithDelegation, guestTallies, type ApprovedGuestRow, type BundleGuestRow, type GuestTally } from './read-event-guests.js';
// logistics' reads of the guests who call a cart
export { guestIdOfUser, guestNames, isGuestOfEvent } from './read-guest-refs.js';
// the guest categories' store: accreditation manages them, gives them zones and prints them (ADR 0013)
export { categoriesById, categoryCodeTaken, categoryHeld, categoryHolders, deleteCategoryRow, eventCategories as guestCategories, insertCategory, updateCategory, type CategoryRow as GuestCategoryRow } from './categories.store.js';
// guests with their category for the badge lists, print runs and the badge desk (accreditation, ADR 0013)
export { approvedGuestsWithCategory, deskGuestRows, markBadgeCollected, type BadgeGuestRow, type DeskGuestRow } from './read-guest-cards.js';
// what people asks of accreditation above it, supplied by the composition root (ADR 0012, 0013)
export { guestBadges, type GuestBadges } from './people.ports.js';
export type { PeopleTables } from './people.tables.js';

/** The people module as the composition root plugs it in (ADR 0010). */
export const manifest = defineModule<PeopleTables>()({
  name: 'people',
  tables: ['delegations', 'guests', 'message_templates', 'outbox', 'categories'],
  migrations,
  permissions: {
    'guests.manage': ['organiser'],
    /** a guest's photo, to check identity at the desk and the gate */
    'guests.photo': { roles: ['organiser', 'desk_staff', 'gate_staff', 'device'], devices: ['scanner', 'face_terminal'] },
    /** a guest's own registration, badge and delegation */
    'guest.own': ['organiser', 'board_chair', 'desk_staff', 'gate_staff', 'volunteer', 'driver', 'exhibitor', 'guest'],
  },
  messages: [invitationsMessages, registrationMessages],
  routes: (app, deps) => {
    invitationsRoutes(app, deps);
    registrationRoutes(app, deps);
  },
  privacy: peoplePrivacy,
});
