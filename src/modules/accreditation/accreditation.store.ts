import type { Selectable } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../platform/db/database.js';
import { placeEvent, type EventRow } from '../events/index.js';
import { categoryHolders, guestCategories } from '../people/index.js';
import type { GatesTable, GuestZoneOverridesTable } from './accreditation.tables.js';
import { refuse, type Refusal } from '../../platform/result.js';
import type { CategoryView, GateView, OverrideView } from './accreditation.schema.js';

/** The event's first and last instants: local midnight of its first day to local midnight after its last. */
export function eventBounds(event: Pick<EventRow, 'start_date' | 'end_date' | 'timezone'>): { start: number; end: number } {
  const start = DateTime.fromISO(event.start_date, { zone: event.timezone }).startOf('day');
  const end = DateTime.fromISO(event.end_date, { zone: event.timezone }).plus({ days: 1 }).startOf('day');
  return { start: start.toMillis(), end: end.toMillis() };
}

/** Instants are stored in UTC with milliseconds, so that they compare as text in SQL. */
export const utc = (iso: string | null | undefined): string | null => (iso == null ? null : new Date(iso).toISOString());

/**
 * A window must end after it starts and lie inside the event's days; either bound may be open (null).
 * `at` prefixes the field names (`zones.2.`).
 */
export function checkWindow(event: EventRow, w: { startsAt?: string | null; endsAt?: string | null }, at = ''): Refusal | null {
  const { start, end } = eventBounds(event);
  const params = { start: event.start_date, end: event.end_date };
  const s = w.startsAt == null ? null : Date.parse(w.startsAt);
  const e = w.endsAt == null ? null : Date.parse(w.endsAt);
  if (s !== null && e !== null && e <= s) return refuse('ends_before_start', `${at}endsAt`, { field: `${at}endsAt` });
  if (s !== null && (s < start || s >= end)) return refuse('outside_event', `${at}startsAt`, params);
  if (e !== null && (e <= start || e > end)) return refuse('outside_event', `${at}endsAt`, params);
  return null;
}

/** Refuses an id of `table` that does not exist (404) or belongs to another event. */
export async function checkOwned(db: Db, table: 'zones' | 'rooms', id: number, eventId: number, field: string): Promise<Refusal | null> {
  const owner = await placeEvent(db, table, id);
  if (owner === undefined) return refuse('not_found', field, { field });
  if (owner !== eventId) return refuse('wrong_event', field, { field });
  return null;
}

export async function listCategories(db: Db, eventId: number, onlyId?: number): Promise<CategoryView[]> {
  const rows = await guestCategories(db, eventId, onlyId === undefined ? {} : { id: onlyId });
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [zones, guests] = await Promise.all([
    db.selectFrom('category_zones').selectAll().where('category_id', 'in', ids).orderBy('zone_id').orderBy('starts_at').orderBy('id').execute(),
    categoryHolders(db, eventId, ids),
  ]);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: { zh: r.name_zh, en: r.name_en },
    color: r.color,
    position: r.position,
    zones: zones.filter((z) => z.category_id === r.id).map((z) => ({ zoneId: z.zone_id, startsAt: z.starts_at, endsAt: z.ends_at })),
    guests: guests.get(r.id) ?? 0,
  }));
}

export const toGateView = (g: Selectable<GatesTable>): GateView => ({
  id: g.id,
  code: g.code,
  name: { zh: g.name_zh, en: g.name_en },
  zoneId: g.zone_id,
  roomId: g.room_id,
  antiPassback: g.anti_passback !== 0,
});

export const toOverrideView = (o: Selectable<GuestZoneOverridesTable>): OverrideView => ({
  id: o.id,
  guestId: o.guest_id,
  zoneId: o.zone_id,
  kind: o.kind === 'ban' ? 'ban' : 'grant',
  startsAt: o.starts_at,
  endsAt: o.ends_at,
  reason: o.reason,
});
