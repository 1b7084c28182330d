import { hashPassword } from '../../platform/auth/passwords.js';
import type { Actor, Deps } from '../../platform/deps.js';
import { nowIso, type Tx, toJson } from '../../platform/db/database.js';
import { latinName, sortKey } from '../../platform/i18n/transliterate.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import { eventSummary } from '../events/index.js';
import { type Change, consentsOf, diff, guestByToken, guestOfUser, type GuestRow, registrationOf, storedConsents } from './people.store.js';
import { storedRegistrationJson } from './identity-number.js';
import type { Consents, MemberRegistrationInput, RegistrationDetails, RegistrationInput } from './registration.schema.js';

const CLOSED: ReadonlySet<string> = new Set(['rejected', 'cancelled']);

/** Checks the form's facts against each other and the event: a document valid through the event, journeys in order. */
async function checkDetails(deps: Pick<Deps, 'db'>, guest: GuestRow, input: MemberRegistrationInput): Promise<Refusal | null> {
  const event = await eventSummary(deps.db, guest.event_id);
  if (!event) throw new Error(`no event ${guest.event_id}`);
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

/** A registration checked and ready to write, with where it leaves the guest. */
export interface RegistrationPlan {
  guest: GuestRow;
  by: 'invitation' | 'delegation_head';
  at: string;
  name: string;
  nameLatin: string;
  details: RegistrationDetails;
  consents: Consents;
  changes: Record<string, Change>;
  status: 'approved' | 'registered';
  /** the registration JSON as stored, its identity-document number sealed */
  registrationJson: string;
  /** the account to create or link, with the password's hash */
  account: { email: string; passwordHash: string } | null;
}

/**
 * Checks a guest's whole registration. A first registration, or one after the organisers asked for changes, goes
 * to review (registered). After approval the follow-up fields (travel, hotel, dietary, accessibility, languages,
 * vehicle, consents) change without a new review; a changed name or identity document sends it back to review,
 * which suspends the badge: src/commands/change-guest-identity.ts writes both in one transaction.
 */
export async function planRegistration(
  deps: Pick<Deps, 'db' | 'secret'>,
  actor: Actor,
  guest: GuestRow,
  input: RegistrationInput | MemberRegistrationInput,
  by: 'invitation' | 'delegation_head',
): Promise<Result<RegistrationPlan>> {
  if (CLOSED.has(guest.status)) return refuse('registration_closed', 'status', { status: guest.status });
  const bad = await checkDetails(deps, guest, input);
  if (bad) return bad;
  const password = 'password' in input ? input.password : undefined;
  const wantsAccount = password !== undefined && guest.user_id === null;
  if (wantsAccount && !guest.email) return refuse('account_needs_email', 'password');
  const account = wantsAccount && guest.email ? { email: guest.email.toLowerCase(), passwordHash: await hashPassword(password) } : null;

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
    { name: guest.name, nameLatin: guest.name_latin, ...registrationOf(guest, deps.secret), consents: givenOf(previousConsents) },
    { name, nameLatin, ...details, consents: givenOf(consents) },
  );
  const reviewedChanged = Object.keys(changes).some((k) => k === 'name' || k === 'nameLatin' || k.startsWith('identity.'));
  const status = guest.status === 'approved' && !reviewedChanged ? 'approved' : 'registered';
  return ok({ guest, by, at, name, nameLatin, details, consents, changes, status, account, registrationJson: storedRegistrationJson(deps.secret, details) });
}

/** Whether the plan takes an approved guest back to review (their credential must go with it). */
export const leavesApproval = (plan: RegistrationPlan): boolean => plan.guest.status === 'approved' && plan.status === 'registered';

/** Writes a planned registration in `trx` (and the account it creates or links); returns the row and its events. */
export async function saveRegistration(trx: Tx, plan: RegistrationPlan) {
  const { guest, at, details, status } = plan;
  const account = plan.account ? await linkAccount(trx, guest, plan.account.email, plan.account.passwordHash) : null;
  const updated = await trx
    .updateTable('guests')
    .set({
      name: plan.name,
      name_latin: plan.nameLatin,
      sort_key: sortKey(plan.nameLatin),
      // the vehicle has a column of its own, read by the vehicles module's import (registrationOf joins them)
      registration: plan.registrationJson,
      vehicle: details.vehicle ? toJson(details.vehicle) : null,
      consents: toJson(storedConsents(plan.consents)),
      status,
      registered_at: status === 'registered' || guest.registered_at === null ? at : guest.registered_at,
      ...(account ? { user_id: account.userId } : {}),
      updated_at: at,
    })
    .where('id', '=', guest.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const payload = {
    guestId: guest.id,
    from: guest.status,
    to: status,
    changes: plan.changes,
    by: plan.by,
    ...(account ? { accountUserId: account.userId, accountCreated: account.created } : {}),
  };
  const events =
    status === 'registered' && guest.status !== 'registered'
      ? [{ type: 'guest.registered', payload }]
      : Object.keys(plan.changes).length > 0 || account
        ? [{ type: 'guest.updated', payload }]
        : [];
  return { updated, events };
}

/** The guest a personal invitation link registers. */
export async function guestOfInvitation(deps: Pick<Deps, 'db'>, token: string): Promise<Result<GuestRow>> {
  const guest = await guestByToken(deps.db, token);
  return guest ? ok(guest) : refuse('invitation_not_found', 'token');
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
