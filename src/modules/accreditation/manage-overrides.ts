import { type Actor, type Deps, emit } from '../../platform/deps.js';
import type { EventRow } from '../events/index.js';
import { isGuestOfEvent } from '../people/index.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { OverrideInput, OverrideView } from './accreditation.schema.js';
import { checkOwned, checkWindow, toOverrideView, utc } from './accreditation.store.js';

const guestOf = (deps: Deps, eventId: number, guestId: number) => isGuestOfEvent(deps.db, eventId, guestId);

/** A guest's individual grants and bans, on top of their category. */
export async function listOverrides(deps: Deps, eventId: number, guestId: number): Promise<Result<OverrideView[]>> {
  if (!(await guestOf(deps, eventId, guestId))) return refuse('not_found', 'id');
  const rows = await deps.db.selectFrom('guest_zone_overrides').selectAll().where('guest_id', '=', guestId).orderBy('id').execute();
  return ok(rows.map(toOverrideView));
}

/** Grants a guest a zone their category does not open, or bans them from one it does, optionally in a window. */
export async function addOverride(deps: Deps, actor: Actor, event: EventRow, guestId: number, input: OverrideInput): Promise<Result<OverrideView>> {
  if (!(await guestOf(deps, event.id, guestId))) return refuse('not_found', 'id');
  const bad = (await checkOwned(deps.db, 'zones', input.zoneId, event.id, 'zoneId')) ?? checkWindow(event, input);
  if (bad) return bad;
  const row = await deps.db
    .insertInto('guest_zone_overrides')
    .values({ guest_id: guestId, zone_id: input.zoneId, kind: input.kind, starts_at: utc(input.startsAt), ends_at: utc(input.endsAt), reason: input.reason })
    .returningAll()
    .executeTakeFirstOrThrow();
  await emit(deps, actor, event.id, {
    type: 'accreditation.override_saved',
    payload: { guestId, overrideId: row.id, zoneId: row.zone_id, kind: row.kind, reason: row.reason },
  });
  return ok(toOverrideView(row));
}

export async function deleteOverride(deps: Deps, actor: Actor, eventId: number, guestId: number, overrideId: number): Promise<Result<{ id: number }>> {
  if (!(await guestOf(deps, eventId, guestId))) return refuse('not_found', 'id');
  const res = await deps.db.deleteFrom('guest_zone_overrides').where('id', '=', overrideId).where('guest_id', '=', guestId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return refuse('not_found', 'overrideId');
  await emit(deps, actor, eventId, { type: 'accreditation.override_deleted', payload: { guestId, overrideId } });
  return ok({ id: overrideId });
}
