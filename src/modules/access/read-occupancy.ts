import { sql } from 'kysely';
import type { Deps } from '../../platform/deps.js';
import { eventGates } from '../accreditation/index.js';
import { eventZones, roomsOfEvent } from '../events/index.js';
import { sessionsInRooms } from '../program/index.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { BUCKET_MINUTES, DEFAULT_HOURS, MAX_HOURS, type Occupancy } from './reports.schema.js';

const BUCKET_MS = BUCKET_MINUTES * 60_000;
const HOUR_MS = 3_600_000;

export interface OccupancyWindow {
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Guests inside per room, each once however many of the room's gates they came through: presence grouped by the
 * room of its gate, the gate → room map (accreditation's) written into the query as integer literals.
 */
function insidePerRoom(deps: Deps, eventId: number, guarded: ReadonlyArray<{ gate: number; room: number }>) {
  const room = sql<number>`case gate_id ${sql.join(
    guarded.map((g) => sql`when ${sql.lit(Math.trunc(g.gate))} then ${sql.lit(Math.trunc(g.room))}`),
    sql` `,
  )} end`;
  return deps.db
    .selectFrom('presence')
    .select([room.as('room_id'), (eb) => eb.fn.count<number>('guest_id').distinct().as('n')])
    .where('event_id', '=', eventId)
    .where(
      'gate_id',
      'in',
      guarded.map((g) => g.gate),
    )
    .groupBy(room)
    .execute();
}

/**
 * Who is inside each zone now (the presence table), each room guarded by a gate with the session running in it,
 * and admitted entries per five minutes. Entries are counted per minute in SQL (`substr` of the UTC instant, the
 * same on SQLite and PostgreSQL; at most 1,440 rows for the longest window) and folded into buckets here.
 */
export async function readOccupancy(deps: Deps, eventId: number, window: OccupancyWindow = {}, now = Date.now()): Promise<Result<Occupancy>> {
  const to = window.to !== undefined ? Date.parse(window.to) : now;
  const asked = window.from !== undefined ? Date.parse(window.from) : to - DEFAULT_HOURS * HOUR_MS;
  if (to <= asked) return refuse('ends_before_start', 'to');
  if (to - asked > MAX_HOURS * HOUR_MS) return refuse('range_too_long', 'from', { hours: MAX_HOURS });
  // whole buckets: the first starts on the clock's five minutes at or before `from`
  const from = Math.floor(asked / BUCKET_MS) * BUCKET_MS;
  const fromIso = new Date(from).toISOString();
  const toIso = new Date(to).toISOString();
  const db = deps.db;
  const minute = sql<string>`substr(scanned_at, 1, 16)`;

  // the rooms the gates guard (accreditation's gates, events' rooms) and the sessions in them, read as soon as the
  // gates came: a programme's worth, their instants compared as dates
  const guardedRead = eventGates(db, eventId).then((gates) => gates.flatMap((g) => (g.room_id === null ? [] : [{ gate: g.id, room: g.room_id }])));
  const roomIdsRead = guardedRead.then((guarded) => [...new Set(guarded.map((g) => g.room))]);
  const [zones, zoneCounts, gateRooms, sessions, roomCounts, perMinute] = await Promise.all([
    eventZones(db, eventId, 'code'),
    db
      .selectFrom('presence')
      .select(['zone_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('event_id', '=', eventId)
      .groupBy('zone_id')
      .execute(),
    roomIdsRead.then((ids) => roomsOfEvent(db, eventId, ids)),
    roomIdsRead.then((ids) => sessionsInRooms(db, eventId, ids)),
    guardedRead.then((guarded) => (guarded.length === 0 ? [] : insidePerRoom(deps, eventId, guarded))),
    db
      .selectFrom('scans')
      .select([minute.as('minute'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('event_id', '=', eventId)
      .where('verdict', '=', 'admit')
      .where('direction', '=', 'entry')
      .where('scanned_at', '>=', fromIso)
      .where('scanned_at', '<', toIso)
      .groupBy(minute)
      .execute(),
  ]);
  const running = new Map<number, (typeof sessions)[number]>();
  for (const s of sessions) if (Date.parse(s.starts_at) <= to && to < Date.parse(s.ends_at)) running.set(s.room_id, s);
  const inRoom = new Map(roomCounts.map((c) => [Number(c.room_id), Number(c.n)]));

  const inZone = new Map(zoneCounts.map((c) => [c.zone_id, Number(c.n)]));
  const buckets = new Map<number, number>();
  for (let t = from; t < to; t += BUCKET_MS) buckets.set(t, 0);
  for (const m of perMinute) {
    const t = Math.floor(Date.parse(`${m.minute}:00Z`) / BUCKET_MS) * BUCKET_MS;
    if (buckets.has(t)) buckets.set(t, buckets.get(t)! + Number(m.n));
  }

  return ok({
    at: new Date(now).toISOString(),
    from: fromIso,
    to: toIso,
    bucketMinutes: BUCKET_MINUTES,
    zones: zones.map((z) => ({ zoneId: z.id, code: z.code, name: { zh: z.name_zh, en: z.name_en }, inside: inZone.get(z.id) ?? 0 })),
    rooms: gateRooms.map((r) => {
      const s = running.get(r.id);
      return {
        roomId: r.id,
        name: { zh: r.name_zh, en: r.name_en },
        capacity: r.capacity,
        inside: inRoom.get(r.id) ?? 0,
        session: s ? { id: s.id, code: s.code, title: { zh: s.title_zh, en: s.title_en }, startsAt: s.starts_at, endsAt: s.ends_at } : null,
      };
    }),
    entries: [...buckets].map(([t, entries]) => ({ at: new Date(t).toISOString(), entries })),
  });
}
