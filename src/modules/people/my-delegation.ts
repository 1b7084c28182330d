import type { Actor, Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { consentsOf, guestOfUser, registrationOf } from './people.store.js';
import type { DelegationView } from './registration.schema.js';

/** A delegation head's members (themselves included) and where each stands; only heads may look. */
export async function myDelegation(deps: Pick<Deps, 'db' | 'secret'>, actor: Actor & { userId: number }, eventId: number): Promise<Result<DelegationView>> {
  const head = await guestOfUser(deps.db, eventId, actor.userId);
  if (!head) return refuse('not_a_guest', 'guest');
  if (head.delegation_head !== 1 || head.delegation_id === null) return refuse('not_delegation_head', 'guest');
  const delegation = await deps.db.selectFrom('delegations').selectAll().where('id', '=', head.delegation_id).executeTakeFirstOrThrow();
  const members = await deps.db
    .selectFrom('guests')
    .select(['id', 'name', 'name_latin', 'status', 'delegation_head', 'registration', 'vehicle', 'consents', 'photo_key', 'review_note'])
    .where('event_id', '=', eventId)
    .where('delegation_id', '=', head.delegation_id)
    .orderBy('delegation_head', 'desc')
    .orderBy('sort_key')
    .orderBy('id')
    .execute();
  return ok({
    delegation: { id: delegation.id, code: delegation.code, name: { zh: delegation.name_zh, en: delegation.name_en } },
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      nameLatin: m.name_latin,
      status: m.status as DelegationView['members'][number]['status'],
      head: m.delegation_head === 1,
      registration: registrationOf(m, deps.secret),
      consents: consentsOf(m),
      hasPhoto: m.photo_key !== null,
      reviewNote: m.status === 'changes_requested' || m.status === 'rejected' ? m.review_note : null,
    })),
  });
}
