import { hashPassword } from '../../platform/auth/passwords.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso, type Tx, toJson } from '../../platform/db/database.js';
import { latinName, sortKey } from '../../platform/i18n/transliterate.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import { revokeCredential } from '../accreditation/index.js';
import { withdrawFace } from '../faces/index.js';
import { consentsOf, diff, guestByToken, guestOfUser, type GuestRow, registrationOf, storedConsents } from './people.store.js';
import { invitationView } from './read-invitation.js';
import type { Consents, InvitationView, MemberRegistrationInput, RegistrationDetails, RegistrationInput } from './registration.schema.js';

const CLOSED: ReadonlySet<string> = new Set(['rejected', 'cancelled']);

/** Checks the form's facts against each other and the event: a document valid through the event, journeys in order. */
async function checkDetails(deps: Pick<Deps, 'db'>, guest: GuestRow, input: MemberRegistrationInput): Promise<Refusal | null> {
  const event = await deps.db.selectFrom('events').select('end_date').where('id', '=', guest.event_id).executeTakeFirstOrThrow();
  if (input.identity.expiry < event.end_date) return refuse('document_expires_early', 'identity.expiry', { date: event.end_date });
  if (input.arrival && input.departure && Date.parse(input.departure.at) <= Date.parse(input.arrival.at)) return refuse('ends_before_start', 'departure.at');
  const { checkIn, checkOut } = input.hotel;
  if (checkIn && checkOut && checkOut <= checkIn) return refuse('ends_before_start', 'hotel.checkOut');
  return null;
}

/** Keeps the time a consent was given while it stays the same; a change is recorded now, by whoever made it. */
function nextConsents(previous: Consents | null, input: MemberRegistrationInput['consents'], at: string, by: number | null): Consents {
  const one = (prev: Consents['dataProcessing'] | undefined, given: boolean) => (prev && prev.given === given ? prev : { given, at, by });
  return {
    dataProcessing: one(previous?.dataProcessing, input.dataProcessing),
    faceRecognition: one(previous?.faceRecognition, input.faceRecognition),
    photography: one(previous?.photography, input.photography),
  };
}

/** Creates the guest's app account, or links the existing account with the guest's email, with the guest role. */
async function linkAccount(trx: Tx, guest: GuestRow, email: string, passwordHash: string): Promise<{ userId: number; created: boolean }> {
  const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  const userId =
    existing?.id ??
    (
      await trx
        .insertInto('users')
        .values({ email, password_hash: passwordHash, display_name: guest.name, locale: guest.language === 'zh' ? 'zh' : 'en', disabled: 0, created_at: nowIso() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const grant = await trx
    .selectFrom('role_grants')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', '=', 'guest')
    .where('event_id', '=', guest.event_id)
    .executeTakeFirst();
  if (!grant) await trx.insertInto('role_grants').values({ user_id: userId, role: 'guest', event_id: guest.event_id, board_id: null }).execute();
  return { userId, created: !existing };
}

/**
 * Saves a guest's whole registration. A first registration, or one after the organisers asked for changes, goes
 * to review (registered). After approval the follow-up fields (travel, hotel, dietary, accessibility, languages,
 * vehicle, consents) change without a new review; a changed name or identity document sends it back to review and
 * suspends the badge (its credential is revoked; approving again issues a new one).
 */
export async function registerGuest(
  deps: Deps,
  actor: Actor,
  guest: GuestRow,
  input: RegistrationInput | MemberRegistrationInput,
  by: 'invitation' | 'delegation_head',
): Promise<Result<InvitationView>> {
  if (CLOSED.has(guest.status)) return refuse('registration_closed', 'status', { status: guest.status });
  const bad = await checkDetails(deps, guest, input);
  if (bad) return bad;
  const password = 'password' in input ? input.password : undefined;
  const wantsAccount = password !== undefined && guest.user_id === null;
  if (wantsAccount && !guest.email) return refuse('account_needs_email', 'password');
  const passwordHash = wantsAccount ? await hashPassword(password) : null;

  const at = nowIso();
  const name = input.name ?? guest.name;
  const nameLatin = input.nameLatin ?? (name !== guest.name ? latinName(name) : guest.name_latin);
  const details: RegistrationDetails = {
    identity: { ...input.identity, country: input.identity.country.toUpperCase() },
    arrival: input.arrival ?? null,
    departure: input.departure ?? null,
    hotel: input.hotel,
    dietary: input.dietary,
    ...(input.accessibility !== undefined ? { accessibility: input.accessibility } : {}),
    languages: input.languages,
    vehicle: input.vehicle ?? null,
  };
  const previousConsents = consentsOf(guest);
  const consents = nextConsents(previousConsents, input.consents, at, actor.userId);
  const givenOf = (c: Consents | null) => (c ? { dataProcessing: c.dataProcessing.given, faceRecognition: c.faceRecognition.given, photography: c.photography.given } : null);
  const changes = diff(
    { name: guest.name, nameLatin: guest.name_latin, ...registrationOf(guest), consents: givenOf(previousConsents) },
    { name, nameLatin, ...details, consents: givenOf(consents) },
  );
  const reviewedChanged = Object.keys(changes).some((k) => k === 'name' || k === 'nameLatin' || k.startsWith('identity.'));
  const status = guest.status === 'approved' && !reviewedChanged ? 'approved' : 'registered';

  const { updated, account } = await deps.db.transaction().execute(async (trx) => {
    const account = wantsAccount && guest.email ? await linkAccount(trx, guest, guest.email.toLowerCase(), passwordHash!) : null;
    const updated = await trx
      .updateTable('guests')
      .set({
        name,
        name_latin: nameLatin,
        sort_key: sortKey(nameLatin),
        // the vehicle has a column of its own, read by the vehicles module's import (registrationOf joins them)
        registration: toJson({ ...details, vehicle: undefined }),
        vehicle: details.vehicle ? toJson(details.vehicle) : null,
        consents: toJson(storedConsents(consents)),
        status,
        registered_at: status === 'registered' || guest.registered_at === null ? at : guest.registered_at,
        ...(account ? { user_id: account.userId } : {}),
        updated_at: at,
      })
      .where('id', '=', guest.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { updated, account };
  });

  // a withdrawn face-recognition consent deletes the face enrolment at once (issue 6)
  if (!consents.faceRecognition.given) await withdrawFace(deps, actor, guest.event_id, guest.id, 'consent_withdrawn');
  if (guest.status === 'approved' && status === 'registered') {
    const current = await deps.db.selectFrom('credentials').select('id').where('guest_id', '=', guest.id).where('revoked_at', 'is', null).execute();
    for (const c of current) await revokeCredential(deps, actor, guest.event_id, c.id, 'registration_changed');
  }
  const payload = {
    guestId: guest.id,
    from: guest.status,
    to: status,
    changes,
    by,
    ...(account ? { accountUserId: account.userId, accountCreated: account.created } : {}),
  };
  if (status === 'registered' && guest.status !== 'registered') await emit(deps, actor, guest.event_id, { type: 'guest.registered', payload });
  else if (Object.keys(changes).length > 0 || account) await emit(deps, actor, guest.event_id, { type: 'guest.updated', payload });
  return ok(await invitationView(deps, updated));
}

/** Registration through the personal invitation link. */
export async function registerByInvitation(deps: Deps, actor: Actor, token: string, input: RegistrationInput): Promise<Result<InvitationView>> {
  const guest = await guestByToken(deps.db, token);
  if (!guest) return refuse('invitation_not_found', 'token');
  return registerGuest(deps, actor, guest, input, 'invitation');
}

/** The member of the caller's delegation, when the caller heads one; a guest outside it is "not found". */
export async function memberOfHead(deps: Pick<Deps, 'db'>, actor: Actor & { userId: number }, eventId: number, memberId: number): Promise<Result<GuestRow>> {
  const head = await guestOfUser(deps.db, eventId, actor.userId);
  if (!head) return refuse('not_a_guest', 'guest');
  if (head.delegation_head !== 1 || head.delegation_id === null) return refuse('not_delegation_head', 'guest');
  const member = await deps.db.selectFrom('guests').selectAll().where('id', '=', memberId).executeTakeFirst();
  // a guest outside the head's delegation is not theirs to see: the same 404 as a guest that does not exist
  if (!member || member.event_id !== eventId || member.delegation_id !== head.delegation_id) return refuse('not_found', 'id');
  return ok(member);
}

/** A delegation head registers one of the delegation's members (themselves included). */
export async function registerMember(
  deps: Deps,
  actor: Actor & { userId: number },
  eventId: number,
  memberId: number,
  input: MemberRegistrationInput,
): Promise<Result<InvitationView>> {
  const member = await memberOfHead(deps, actor, eventId, memberId);
  if (!member.ok) return member;
  return registerGuest(deps, actor, member.value, input, 'delegation_head');
}
