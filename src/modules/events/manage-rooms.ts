import type { Selectable } from 'kysely';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import type { RoomsTable, VenuesTable } from './events.tables.js';
import { roomBookings } from './events.ports.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import type { RoomInput, RoomView, VenueInput, VenueView } from './events.schema.js';

export const toRoomView = (r: Selectable<RoomsTable>): RoomView => ({
  id: r.id,
  venueId: r.venue_id,
  name: { zh: r.name_zh, en: r.name_en },
  capacity: r.capacity,
  floor: r.floor,
  zoneId: r.zone_id,
  position: r.position,
});

/** Refuses a zone or venue id that does not exist or belongs to another event. */
async function checkPlaces(deps: Deps, eventId: number, input: Partial<RoomInput>): Promise<Refusal | null> {
  for (const [table, field, id] of [['zones', 'zoneId', input.zoneId], ['venues', 'venueId', input.venueId]] as const) {
    if (id == null) continue;
    const row = await deps.db.selectFrom(table).select('event_id').where('id', '=', id).executeTakeFirst();
    if (!row) return refuse('not_found', field);
    if (row.event_id !== eventId) return refuse('wrong_event', field);
  }
  return null;
}

export async function listRooms(deps: Deps, eventId: number): Promise<RoomView[]> {
  const rows = await deps.db.selectFrom('rooms').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('id').execute();
  return rows.map(toRoomView);
}

export async function createRoom(deps: Deps, actor: Actor, eventId: number, input: RoomInput): Promise<Result<RoomView>> {
  const bad = await checkPlaces(deps, eventId, input);
  if (bad) return bad;
  const row = await deps.db
    .insertInto('rooms')
    .values({
      event_id: eventId,
      external_ref: null,
      venue_id: input.venueId ?? null,
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
  const bad = await checkPlaces(deps, eventId, patch);
  if (bad) return bad;
  const row = await deps.db
    .updateTable('rooms')
    .set({
      event_id: eventId, // keeps the SET non-empty: an empty PATCH is a no-op
      ...(patch.name && { name_zh: patch.name.zh, name_en: patch.name.en }),
      ...(patch.venueId !== undefined && { venue_id: patch.venueId }),
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
  if (await roomBookings.use().roomInUse(deps.db, eventId, roomId)) return refuse('in_use', 'id');
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

export const toVenueView = (v: Selectable<VenuesTable>): VenueView => ({
  id: v.id,
  name: { zh: v.name_zh, en: v.name_en },
  address: { zh: v.address_zh, en: v.address_en },
  position: v.position,
});

export async function saveVenue(deps: Deps, actor: Actor, eventId: number, input: Partial<VenueInput>, venueId: number | null): Promise<Result<VenueView>> {
  const row =
    venueId === null
      ? await deps.db
          .insertInto('venues')
          .values({ event_id: eventId, external_ref: null, name_zh: input.name!.zh, name_en: input.name!.en, address_zh: input.address!.zh, address_en: input.address!.en, position: input.position ?? 0 })
          .returningAll()
          .executeTakeFirstOrThrow()
      : await deps.db
          .updateTable('venues')
          .set({
            event_id: eventId, // keeps the SET non-empty: an empty PATCH is a no-op
            ...(input.name && { name_zh: input.name.zh, name_en: input.name.en }),
            ...(input.address && { address_zh: input.address.zh, address_en: input.address.en }),
            ...(input.position !== undefined && { position: input.position }),
          })
          .where('id', '=', venueId)
          .where('event_id', '=', eventId)
          .returningAll()
          .executeTakeFirst();
  if (!row) return refuse('not_found', 'id');
  await emit(deps, actor, eventId, { type: venueId === null ? 'venue.created' : 'venue.updated', payload: { venueId: row.id } });
  return ok(toVenueView(row));
}
