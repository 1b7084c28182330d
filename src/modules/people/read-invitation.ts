import type { Actor, Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { eventById } from '../events/index.js';
import type { GuestStatus } from './people.schema.js';
import { consentsOf, guestByToken, guestOfUser, type GuestRow, registrationOf } from './people.store.js';
import { type InvitationView, REGISTRATION_FIELDS, REVIEWED_FIELDS } from './registration.schema.js';

const CLOSED: ReadonlySet<string> = new Set(['rejected', 'cancelled']);

/** What may be changed now, and which of it would send an approved registration back to review. */
export function editability(status: string): Pick<InvitationView, 'editable' | 'needsReview'> {
  if (CLOSED.has(status)) return { editable: [], needsReview: [] };
  if (status === 'approved') return { editable: [...REGISTRATION_FIELDS], needsReview: [...REVIEWED_FIELDS] };
  return { editable: [...REGISTRATION_FIELDS], needsReview: [] };
}

export async function invitationView(deps: Pick<Deps, 'db' | 'secret'>, g: GuestRow): Promise<InvitationView> {
  const [event, category, delegation] = await Promise.all([
    eventById(deps.db, g.event_id).then((e) => e ?? Promise.reject(new Error(`no event ${g.event_id}`))),
    g.category_id === null ? null : deps.db.selectFrom('categories').select(['name_zh', 'name_en']).where('id', '=', g.category_id).executeTakeFirst(),
    g.delegation_id === null ? null : deps.db.selectFrom('delegations').select(['name_zh', 'name_en']).where('id', '=', g.delegation_id).executeTakeFirst(),
  ]);
  const showNote = g.status === 'changes_requested' || g.status === 'rejected';
  return {
    event: { slug: event.slug, name: { zh: event.name_zh, en: event.name_en }, startDate: event.start_date, endDate: event.end_date, timezone: event.timezone },
    guestId: g.id,
    name: g.name,
    nameLatin: g.name_latin,
    organisation: g.organisation,
    language: g.language,
    email: g.email,
    status: g.status as GuestStatus,
    delegation: delegation ? { name: { zh: delegation.name_zh, en: delegation.name_en }, head: g.delegation_head === 1 } : null,
    category: category ? { zh: category.name_zh, en: category.name_en } : null,
    registration: registrationOf(g, deps.secret),
    consents: consentsOf(g),
    hasPhoto: g.photo_key !== null,
    reviewNote: showNote ? g.review_note : null,
    registeredAt: g.registered_at,
    ...editability(g.status),
    hasAccount: g.user_id !== null,
  };
}

/** The invitee's own view, by the token of the personal invitation link. */
export async function readInvitation(deps: Pick<Deps, 'db' | 'secret'>, token: string): Promise<Result<InvitationView>> {
  const guest = await guestByToken(deps.db, token);
  if (!guest) return refuse('invitation_not_found', 'token');
  return ok(await invitationView(deps, guest));
}

/** The same view for a signed-in guest of the event. */
export async function readMyRegistration(deps: Pick<Deps, 'db' | 'secret'>, actor: Actor & { userId: number }, eventId: number): Promise<Result<InvitationView>> {
  const guest = await guestOfUser(deps.db, eventId, actor.userId);
  if (!guest) return refuse('not_a_guest', 'guest');
  return ok(await invitationView(deps, guest));
}
