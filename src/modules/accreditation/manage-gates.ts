import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import type { GateInput, GatePatch, GateView } from './accreditation.schema.js';
import { gateHistory } from './accreditation.ports.js';
import { checkOwned, toGateView } from './accreditation.store.js';

export async function listGates(deps: Deps, eventId: number): Promise<Result<GateView[]>> {
  const rows = await deps.db.selectFrom('gates').selectAll().where('event_id', '=', eventId).orderBy('code').execute();
  return ok(rows.map(toGateView));
}

/** Creates a gate (gateId null) or changes one: its zone and room are this event's, its code unique in it. */
export async function saveGate(deps: Deps, actor: Actor, eventId: number, gateId: number | null, input: GateInput | GatePatch): Promise<Result<GateView>> {
  if (gateId !== null) {
    const exists = await deps.db.selectFrom('gates').select('id').where('id', '=', gateId).where('event_id', '=', eventId).executeTakeFirst();
    if (!exists) return refuse('not_found', 'id');
  }
  let bad: Refusal | null = null;
  if (input.code !== undefined) {
    let q = deps.db.selectFrom('gates').select('id').where('event_id', '=', eventId).where('code', '=', input.code);
    if (gateId !== null) q = q.where('id', '!=', gateId);
    if (await q.executeTakeFirst()) bad = refuse('code_taken', 'code', { code: input.code });
  }
  if (!bad && input.zoneId !== undefined) bad = await checkOwned(deps.db, 'zones', input.zoneId, eventId, 'zoneId');
  if (!bad && input.roomId != null) bad = await checkOwned(deps.db, 'rooms', input.roomId, eventId, 'roomId');
  if (bad) return bad;

  const columns = {
    ...(input.code !== undefined && { code: input.code }),
    ...(input.name && { name_zh: input.name.zh, name_en: input.name.en }),
    ...(input.zoneId !== undefined && { zone_id: input.zoneId }),
    ...(input.roomId !== undefined && { room_id: input.roomId }),
    ...(input.antiPassback !== undefined && { anti_passback: input.antiPassback ? 1 : 0 }),
  };
  const row =
    gateId === null
      ? await deps.db
          .insertInto('gates')
          .values({
            event_id: eventId,
            code: (input as GateInput).code,
            name_zh: (input as GateInput).name.zh,
            name_en: (input as GateInput).name.en,
            zone_id: (input as GateInput).zoneId,
            room_id: (input as GateInput).roomId ?? null,
            anti_passback: (input as GateInput).antiPassback === false ? 0 : 1,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
      : await deps.db.updateTable('gates').set({ event_id: eventId, ...columns }).where('id', '=', gateId).where('event_id', '=', eventId).returningAll().executeTakeFirstOrThrow();
  await emit(deps, actor, eventId, { type: 'accreditation.gate_saved', payload: { gateId: row.id, created: gateId === null, fields: Object.keys(input) } });
  return ok(toGateView(row));
}

/** Deletes a gate that has recorded no scan; a gate with history is kept (`in_use`) so reports stay whole. */
export async function deleteGate(deps: Deps, actor: Actor, eventId: number, gateId: number): Promise<Result<{ id: number }>> {
  const row = await deps.db.selectFrom('gates').select(['id', 'code']).where('id', '=', gateId).where('event_id', '=', eventId).executeTakeFirst();
  if (!row) return refuse('not_found', 'id');
  const scanned = await gateHistory.use().gateScanned(deps.db, gateId);
  if (scanned) return refuse('in_use', 'id');
  await deps.db.deleteFrom('gates').where('id', '=', gateId).execute();
  await emit(deps, actor, eventId, { type: 'accreditation.gate_deleted', payload: { gateId, code: row.code } });
  return ok({ id: gateId });
}
