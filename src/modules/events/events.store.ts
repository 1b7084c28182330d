import { IANAZone } from 'luxon';
import type { Deps } from '../../platform/deps.js';
import type { Insertable, Selectable } from 'kysely';
import { fromJson, type Queryable } from '../../platform/db/database.js';
import { TtlCache } from '../../platform/ttl-cache.js';
import type { EventRow, EventsTable, RoomsTable, VenuesTable } from './events.tables.js';
import type { EventInput, EventView } from './events.schema.js';

export function toEventView(row: EventRow): EventView {
  return {
    id: row.id,
    slug: row.slug,
    name: { zh: row.name_zh, en: row.name_en },
    timezone: row.timezone,
    startDate: row.start_date,
    endDate: row.end_date,
    languages: fromJson<string[]>(row.languages, []),
    venue:
      row.venue_name_zh !== null || row.venue_name_en !== null
        ? {
            name: { zh: row.venue_name_zh ?? '', en: row.venue_name_en ?? '' },
            address: { zh: row.venue_address_zh ?? '', en: row.venue_address_en ?? '' },
          }
        : null,
    note: row.note,
  };
}

export function eventColumns(input: Partial<EventInput>) {
  return {
    ...(input.slug !== undefined && { slug: input.slug }),
    ...(input.name !== undefined && { name_zh: input.name.zh, name_en: input.name.en }),
    ...(input.timezone !== undefined && { timezone: input.timezone }),
    ...(input.startDate !== undefined && { start_date: input.startDate }),
    ...(input.endDate !== undefined && { end_date: input.endDate }),
    ...(input.languages !== undefined && { languages: JSON.stringify(input.languages) }),
    ...(input.venue !== undefined && {
      venue_name_zh: input.venue?.name.zh ?? null,
      venue_name_en: input.venue?.name.en ?? null,
      venue_address_zh: input.venue?.address.zh ?? null,
      venue_address_en: input.venue?.address.en ?? null,
    }),
    ...(input.note !== undefined && { note: input.note }),
  };
}

export const isValidTimeZone = (tz: string): boolean => IANAZone.isValidZone(tz);

/**
 * Event rows by slug for every request under /events/{slug}: cached per instance for two seconds and
 * dropped at once when any instance reports a change to an event.
 */
export function cachedEventResolver(deps: Pick<Deps, 'db' | 'bus'>): (slug: string) => Promise<EventRow | null> {
  const cache = new TtlCache<string, EventRow | null>(2000);
  deps.bus.onCluster((e) => {
    if (e.type.startsWith('event.')) cache.clear();
  });
  return (slug) => cache.get(slug, async () => (await deps.db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst()) ?? null);
}

// Reads and writes of the event, its zones, venues and rooms for the modules above events (ADR 0013); each takes the
// caller's connection or transaction.

/** The event's row by slug, or undefined. */
export async function eventBySlug(q: Queryable, slug: string): Promise<EventRow | undefined> {
  return q.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** The event's row by id, or undefined. */
export async function eventById(q: Queryable, eventId: number): Promise<EventRow | undefined> {
  return q.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
}

/** Adds an event (a programme import may bring its own); answers its row. */
export async function insertEvent(q: Queryable, values: Insertable<EventsTable>): Promise<EventRow> {
  return q.insertInto('events').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The event's zone with this code, added with this name when there is none; answers its id. */
export async function ensureZone(q: Queryable, eventId: number, code: string, name: { zh: string; en: string }): Promise<number> {
  const found = await q.selectFrom('zones').select('id').where('event_id', '=', eventId).where('code', '=', code).executeTakeFirst();
  if (found) return found.id;
  return (await q.insertInto('zones').values({ event_id: eventId, code, name_zh: name.zh, name_en: name.en }).returning('id').executeTakeFirstOrThrow()).id;
}

/** The event of a zone or a room, or undefined for an unknown id. */
export async function placeEvent(q: Queryable, place: 'zones' | 'rooms', id: number): Promise<number | undefined> {
  return (await q.selectFrom(place).select('event_id').where('id', '=', id).executeTakeFirst())?.event_id;
}

/** The event's venues in their order (position, then id). */
export async function eventVenues(q: Queryable, eventId: number): Promise<Array<Selectable<VenuesTable>>> {
  return q.selectFrom('venues').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('id').execute();
}

/** The event's rooms in their order (position, then id), each with its zone's code. */
export async function eventRooms(q: Queryable, eventId: number): Promise<Array<Selectable<RoomsTable> & { zone_code: string | null }>> {
  return q
    .selectFrom('rooms')
    .leftJoin('zones', 'zones.id', 'rooms.zone_id')
    .selectAll('rooms')
    .select('zones.code as zone_code')
    .where('rooms.event_id', '=', eventId)
    .orderBy('rooms.position')
    .orderBy('rooms.id')
    .execute();
}

/** A programme import's venue or room, keyed by (event, external_ref): added, or updated in place. Answers its id and whether it was new. */
export async function upsertPlace<T extends 'venues' | 'rooms'>(
  q: Queryable,
  table: T,
  eventId: number,
  key: string,
  values: T extends 'venues' ? Omit<Insertable<VenuesTable>, 'event_id' | 'external_ref'> : Omit<Insertable<RoomsTable>, 'event_id' | 'external_ref'>,
): Promise<{ id: number; created: boolean }> {
  const found = await q.selectFrom(table as 'venues').select('id').where('event_id', '=', eventId).where('external_ref', '=', key).executeTakeFirst();
  if (found) {
    await q.updateTable(table as 'venues').set(values as Insertable<VenuesTable>).where('id', '=', found.id).execute();
    return { id: found.id, created: false };
  }
  const row = await q.insertInto(table as 'venues').values({ ...(values as Insertable<VenuesTable>), event_id: eventId, external_ref: key }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}
