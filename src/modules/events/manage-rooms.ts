import type { Selectable } from 'kysely';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import type { RoomsTable } from '../../platform/db/schema.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { RoomInput, RoomView } from './events.schema.js';

export const toRoomView = (r: Selectable<RoomsTable>): RoomView => ({
  id: r.id,
  name: { zh: r.name_zh, en: r.name_en },
  capacity: r.capacity,
  floor: r.floor,
  zoneId: r.zone_id,
  position: r.position,
});

async function zoneBelongs(deps: Deps, eventId: number, zoneId: number | null | undefined) {
  if (zoneId === null || zoneId === undefined) return true;
  const zone = await deps.db.selectFrom('zones').select('event_id').where('id', '=', zoneId).executeTakeFirst();
  return zone?.event_id === eventId;
}

export async function listRooms(deps: Deps, eventId: number): Promise<RoomView[]> {
  const rows = await deps.db.selectFrom('rooms').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('id').execute();
  return rows.map(toRoomView);
}

export async function createRoom(deps: Deps, actor: Actor, eventId: number, input: RoomInput): Promise<Result<RoomView>> {
  if (!(await zoneBelongs(deps, eventId, input.zoneId))) return refuse('not_found', 'zoneId');
  const row = await deps.db
    .insertInto('rooms')
    .values({
      event_id: eventId,
      external_ref: null,
      name_zh: input.name.zh,
      name_en: input.name.en,
      capacity: input.capacity ?? null,
      floor: input.floor ?? null,
      zone_id: input.zoneId ?? null,
      position: input.position ?? 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await emit(deps, actor, eventId, { type: 'room.created', payload: { roomId: row.id } });
  return ok(toRoomView(row));
}

export async function updateRoom(
  deps: Deps,
  actor: Actor,
  eventId: number,
  roomId: number,
  patch: Partial<RoomInput>,
): Promise<Result<RoomView>> {
  if (!(await zoneBelongs(deps, eventId, patch.zoneId))) return refuse('not_found', 'zoneId');
  const row = await deps.db
    .updateTable('rooms')
    .set({
      ...(patch.name && { name_zh: patch.name.zh, name_en: patch.name.en }),
      ...(patch.capacity !== undefined && { capacity: patch.capacity }),
      ...(patch.floor !== undefined && { floor: patch.floor }),
      ...(patch.zoneId !== undefined && { zone_id: patch.zoneId }),
      ...(patch.position !== undefined && { position: patch.position }),
    })
    .where('id', '=', roomId)
    .where('event_id', '=', eventId)
    .returningAll()
    .executeTakeFirst();
  if (!row) return refuse('not_found', 'id');
  await emit(deps, actor, eventId, { type: 'room.updated', payload: { roomId, fields: Object.keys(patch) } });
  return ok(toRoomView(row));
}

export async function deleteRoom(deps: Deps, actor: Actor, eventId: number, roomId: number): Promise<Result<{ id: number }>> {
  const used = await deps.db.selectFrom('sessions').select('id').where('room_id', '=', roomId).executeTakeFirst();
  if (used) return refuse('in_use', 'id');
  const res = await deps.db.deleteFrom('rooms').where('id', '=', roomId).where('event_id', '=', eventId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return refuse('not_found', 'id');
  await emit(deps, actor, eventId, { type: 'room.deleted', payload: { roomId } });
  return ok({ id: roomId });
}

export async function createZone(deps: Deps, actor: Actor, eventId: number, input: { code: string; name: { zh: string; en: string } }) {
  const taken = await deps.db.selectFrom('zones').select('id').where('event_id', '=', eventId).where('code', '=', input.code).executeTakeFirst();
  if (taken) return refuse('code_taken', 'code', { code: input.code });
  const row = await deps.db
    .insertInto('zones')
    .values({ event_id: eventId, code: input.code, name_zh: input.name.zh, name_en: input.name.en })
    .returningAll()
    .executeTakeFirstOrThrow();
  await emit(deps, actor, eventId, { type: 'zone.created', payload: { zoneId: row.id } });
  return ok({ id: row.id, code: row.code, name: { zh: row.name_zh, en: row.name_en } });
}
