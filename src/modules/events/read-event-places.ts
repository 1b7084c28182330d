import type { Queryable } from '../../platform/db/database.js';

/** Reads of an event and its zones and rooms, for the modules above events (access's gate bundle and occupancy, faces, vehicles). */

export interface EventSummary {
  id: number;
  slug: string;
  timezone: string;
  start_date: string;
  end_date: string;
}

/** The event's identity and dates, or undefined for an unknown id. */
export async function eventSummary(q: Queryable, eventId: number): Promise<EventSummary | undefined> {
  return q.selectFrom('events').select(['id', 'slug', 'timezone', 'start_date', 'end_date']).where('id', '=', eventId).executeTakeFirst();
}

export interface ZoneRow {
  id: number;
  code: string;
  name_zh: string;
  name_en: string;
}

/** The event's zones, ordered by id or by code. */
export async function eventZones(q: Queryable, eventId: number, order: 'id' | 'code' = 'id'): Promise<ZoneRow[]> {
  return q.selectFrom('zones').select(['id', 'code', 'name_zh', 'name_en']).where('event_id', '=', eventId).orderBy(order).execute();
}

export interface RoomRow {
  id: number;
  name_zh: string;
  name_en: string;
  capacity: number | null;
  position: number;
}

/** These rooms of the event, in the programme's room order (an id of another event or none is left out). */
export async function roomsOfEvent(q: Queryable, eventId: number, roomIds: readonly number[]): Promise<RoomRow[]> {
  if (roomIds.length === 0) return [];
  return q
    .selectFrom('rooms')
    .select(['id', 'name_zh', 'name_en', 'capacity', 'position'])
    .where('event_id', '=', eventId)
    .where('id', 'in', [...new Set(roomIds)])
    .orderBy('position')
    .orderBy('id')
    .execute();
}
