import type { FastifyRequest } from 'fastify';
import type { Actor, Deps } from '../platform/deps.js';
import { actorOf, eventOf } from '../platform/http/actor.js';
import { ErrorBody, answer } from '../platform/http/errors.js';
import type { App } from '../platform/http/types.js';
import { IdParams } from '../platform/schema.js';
import { guestOfInvitation, memberOfHead } from '../modules/people/index.js';
import { GuestDetail, GuestPatch, ReviewInput } from '../modules/people/people.schema.js';
import { InvitationView, MemberRegistrationInput, RegistrationInput, TokenParams } from '../modules/people/registration.schema.js';
import { changeGuestCategory } from './change-guest-category.js';
import { changeGuestIdentity } from './change-guest-identity.js';
import { reviewRegistration } from './review-registration.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const GUESTS = '/api/v1/events/:slug/guests';

/** Invitation-link callers act as the invitee, whoever else may be signed in in the same browser. */
const invitee = (req: FastifyRequest): Actor => ({ userId: null, grants: [], requestId: req.id });
/** routes behind `guest.own` always have a principal */
const signedIn = (req: FastifyRequest) => ({ ...actorOf(req), userId: req.principal!.userId });

/**
 * The registration and guest routes whose decisions span people and accreditation: each calls one command of
 * src/commands (one transaction). Tagged `registration` like the rest of the people routes.
 */
export function decisionRoutes(app: App, deps: Deps): void {
  const tags = ['registration'];
  app.put(
    '/api/v1/invitations/:token/registration',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        description: 'Saves the whole registration. consents.dataProcessing must be true; `password` (≥ 10 characters) creates the attendee-app account. After approval, travel, hotel, dietary, accessibility, languages, vehicle and consents change without review; names and the identity document send it back to review.',
        params: TokenParams,
        body: RegistrationInput,
        response: { 200: InvitationView, ...errors },
      },
    },
    async (req, reply) => {
      const guest = await guestOfInvitation(deps, req.params.token);
      return answer(req, reply, guest.ok ? await changeGuestIdentity(deps, invitee(req), guest.value, req.body, 'invitation') : guest);
    },
  );
  app.put(
    '/api/v1/events/:slug/my/delegation/members/:id/registration',
    {
      config: { permission: 'guest.own' },
      schema: { tags, description: 'A delegation head registers a member of their delegation (same rules as the form, no account).', params: IdParams, body: MemberRegistrationInput, response: { 200: InvitationView, ...errors } },
    },
    async (req, reply) => {
      const member = await memberOfHead(deps, signedIn(req), eventOf(req).id, req.params.id);
      return answer(req, reply, member.ok ? await changeGuestIdentity(deps, signedIn(req), member.value, req.body, 'delegation_head') : member);
    },
  );
  app.patch(
    `${GUESTS}/:id`,
    { config: { permission: 'guests.manage' }, schema: { tags, params: IdParams, body: GuestPatch, response: { 200: GuestDetail, ...errors } } },
    async (req, reply) => answer(req, reply, await changeGuestCategory(deps, actorOf(req), eventOf(req).id, req.params.id, req.body)),
  );
  app.post(
    `${GUESTS}/:id/review`,
    {
      config: { permission: 'guests.manage' },
      schema: { tags, description: 'approve (issues the badge credential when the guest has a category), reject or request_changes (both with a reason the guest reads).', params: IdParams, body: ReviewInput, response: { 200: GuestDetail, ...errors } },
    },
    async (req, reply) => answer(req, reply, await reviewRegistration(deps, actorOf(req), eventOf(req).id, req.params.id, req.body)),
  );
}
