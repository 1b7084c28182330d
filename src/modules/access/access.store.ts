import type { Db, Queryable, Tx } from '../../platform/db/database.js';
import { categoryZoneWindows, eventCredentials, eventGates, overridesInZones } from '../accreditation/index.js';
import { eventSummary, eventZones, roomsOfEvent } from '../events/index.js';
import { guestCategories, guestsWithDelegation } from '../people/index.js';
import { sessionInvitationsOf, sessionsInRooms } from '../program/index.js';
import type { GateBundle, ScanPerson } from './access.schema.js';

/**
 * The access module's reads and writes: everything the gate bundle is made of, and the scan and presence rows.
 * Chunked where a batch of scans could exceed the database's bound-parameter limit.
 */

const CHUNK = 500;
export const chunks = <T>(items: readonly T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const delegationName = (d: { name_zh: string | null; name_en: string | null }): string | null => (d.name_en || d.name_zh) ?? null;

/** Everything of an event the gates decide with, except the public key and the version (added by the builder). */
export type BundleContent = Omit<GateBundle, 'publicKey' | 'generatedAt' | 'version'>;

export interface BundleData {
  content: BundleContent;
  /** every guest of the event as a scan result names them (also guests not in the bundle: cancelled, revoked) */
  persons: Map<number, ScanPerson>;
}

/**
 * The bundle's inputs, each read from its owner (events, accreditation, people, program) once per build. The zone
 * windows are read by the event's categories, the overrides by its zones and the sessions by the rooms its gates
 * guard, each as soon as those came.
 */
export async function loadBundleData(db: Db, eventId: number): Promise<BundleData | null> {
  const event = await eventSummary(db, eventId);
  if (!event) return null;
  const zonesRead = eventZones(db, eventId);
  const categoriesRead = guestCategories(db, eventId);
  const gatesRead = eventGates(db, eventId);
  const gatedRooms = gatesRead.then((gates) => [...new Set(gates.flatMap((g) => (g.room_id === null ? [] : [g.room_id])))]);
  const [zones, gates, categories, windows, guests, credentials, overrides, roomSessions, rooms, invitations, inside] = await Promise.all([
    zonesRead,
    gatesRead,
    categoriesRead,
    categoriesRead.then((cs) =>
      categoryZoneWindows(
        db,
        cs.map((c) => c.id),
      ),
    ),
    guestsWithDelegation(db, eventId),
    eventCredentials(db, eventId),
    zonesRead.then((zs) =>
      overridesInZones(
        db,
        zs.map((z) => z.id),
      ),
    ),
    gatedRooms.then((ids) => sessionsInRooms(db, eventId, ids)),
    gatedRooms.then((ids) => roomsOfEvent(db, eventId, ids)),
    sessionInvitationsOf(db, eventId),
    db
      .selectFrom('presence')
      .select(['guest_id', 'zone_id'])
      .where('event_id', '=', eventId)
      .orderBy('guest_id')
      .orderBy('zone_id')
      .execute(),
  ]);
  // a session's room is one of the event's (the programme checks it), as the join on rooms required
  const capacityOf = new Map(rooms.map((r) => [r.id, r.capacity]));
  const sessions = roomSessions.flatMap((s) => (capacityOf.has(s.room_id) ? [{ ...s, capacity: capacityOf.get(s.room_id)! }] : []));

  const current = new Map<number, number>();
  const revoked: number[] = [];
  for (const c of credentials) {
    if (c.revoked_at === null) current.set(c.guest_id, Math.max(c.id, current.get(c.guest_id) ?? 0));
    else revoked.push(c.id);
  }
  const overridesOf = new Map<number, BundleContent['people'][number]['overrides']>();
  for (const o of overrides) {
    const list = overridesOf.get(o.guest_id) ?? [];
    list.push({ zoneId: o.zone_id, kind: o.kind === 'ban' ? 'ban' : 'grant', startsAt: o.starts_at, endsAt: o.ends_at });
    overridesOf.set(o.guest_id, list);
  }
  const guestsOfUser = new Map<number, number[]>();
  for (const g of guests) if (g.user_id !== null) guestsOfUser.set(g.user_id, [...(guestsOfUser.get(g.user_id) ?? []), g.id]);
  const invitedTo = new Map<number, number[]>();
  for (const i of invitations)
    invitedTo.set(i.session_id, [...(invitedTo.get(i.session_id) ?? []), ...(guestsOfUser.get(i.user_id) ?? [])]);

  const categoryOf = new Map(categories.map((c) => [c.id, c]));
  const persons = new Map<number, ScanPerson>();
  const people: BundleContent['people'] = [];
  for (const g of guests) {
    const category = g.category_id !== null ? categoryOf.get(g.category_id) : undefined;
    const delegation = delegationName({ name_zh: g.delegation_zh, name_en: g.delegation_en });
    persons.set(g.id, {
      guestId: g.id,
      name: g.name,
      nameLatin: g.name_latin,
      organisation: g.organisation,
      category: category ? { code: category.code, name: { zh: category.name_zh, en: category.name_en }, color: category.color } : null,
      delegation,
      photoUrl: g.photo_key ? `/api/v1/events/${event.slug}/guests/${g.id}/photo` : null,
    });
    const credentialId = current.get(g.id);
    if (g.status !== 'approved' || credentialId === undefined || !category) continue;
    people.push({
      guestId: g.id,
      credentialId,
      name: g.name,
      nameLatin: g.name_latin,
      organisation: g.organisation,
      categoryId: category.id,
      delegation,
      overrides: overridesOf.get(g.id) ?? [],
    });
  }

  return {
    persons,
    content: {
      event: { id: event.id, slug: event.slug, timezone: event.timezone, startDate: event.start_date, endDate: event.end_date },
      zones: zones.map((z) => ({ id: z.id, code: z.code, name: { zh: z.name_zh, en: z.name_en } })),
      gates: gates.map((g) => ({
        id: g.id,
        code: g.code,
        name: { zh: g.name_zh, en: g.name_en },
        zoneId: g.zone_id,
        roomId: g.room_id,
        antiPassback: g.anti_passback === 1,
      })),
      categories: categories.map((c) => ({
        id: c.id,
        code: c.code,
        name: { zh: c.name_zh, en: c.name_en },
        color: c.color,
        zones: windows.filter((w) => w.category_id === c.id).map((w) => ({ zoneId: w.zone_id, startsAt: w.starts_at, endsAt: w.ends_at })),
      })),
      people,
      revoked,
      sessions: sessions.map((s) => ({
        id: s.id,
        code: s.code,
        title: { zh: s.title_zh, en: s.title_en },
        roomId: s.room_id,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        capacity: s.capacity,
        invitationOnly: s.kind === 'closed_door',
        invited: [...new Set(invitedTo.get(s.id) ?? [])].sort((a, b) => a - b),
      })),
      inside: inside.map((p) => ({ guestId: p.guest_id, zoneId: p.zone_id })),
    },
  };
}

export interface PresenceRow {
  guest_id: number;
  zone_id: number;
  gate_id: number | null;
  since: string;
}

/** Where the guests named are inside now (the rows of presence for them). */
export async function loadPresence(q: Queryable | Tx, eventId: number, guestIds: readonly number[]): Promise<PresenceRow[]> {
  const rows: PresenceRow[] = [];
  for (const ids of chunks([...new Set(guestIds)])) {
    rows.push(
      ...(await q
        .selectFrom('presence')
        .select(['guest_id', 'zone_id', 'gate_id', 'since'])
        .where('event_id', '=', eventId)
        .where('guest_id', 'in', ids)
        .execute()),
    );
  }
  return rows;
}

/** How many are inside each of the zones, split by the room of the gate they came through (null: a gate without a room). */
export async function countInside(
  q: Queryable | Tx,
  eventId: number,
  zoneIds: readonly number[],
  roomOf: ReadonlyMap<number, number | null>,
): Promise<Array<{ zoneId: number; roomId: number | null; n: number }>> {
  const rows = await q
    .selectFrom('presence')
    .select(['zone_id', 'gate_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('event_id', '=', eventId)
    .where('zone_id', 'in', zoneIds)
    .groupBy(['zone_id', 'gate_id'])
    .execute();
  // per gate from the table, folded into the gates' rooms (the caller's map: the bundle's gates)
  const counts = new Map<string, { zoneId: number; roomId: number | null; n: number }>();
  for (const r of rows) {
    const roomId = r.gate_id === null ? null : (roomOf.get(r.gate_id) ?? null);
    const key = `${r.zone_id}:${roomId}`;
    const c = counts.get(key) ?? { zoneId: r.zone_id, roomId, n: 0 };
    c.n += Number(r.n);
    counts.set(key, c);
  }
  return [...counts.values()];
}

/** The latest admitted scan per guest and zone, for the guests named: an older queued scan must not undo it. */
export async function latestAdmitted(q: Queryable | Tx, eventId: number, guestIds: readonly number[]): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  for (const ids of chunks([...new Set(guestIds)])) {
    const rows = await q
      .selectFrom('scans')
      .select(['guest_id', 'zone_id', (eb) => eb.fn.max('scanned_at').as('at')])
      .where('event_id', '=', eventId)
      .where('verdict', '=', 'admit')
      .where('guest_id', 'in', ids)
      .groupBy(['guest_id', 'zone_id'])
      .execute();
    for (const r of rows) if (r.guest_id !== null && r.zone_id !== null && r.at) latest.set(`${r.guest_id}:${r.zone_id}`, String(r.at));
  }
  return latest;
}

export const SCAN_COLUMNS = ['id', 'nonce', 'guest_id', 'verdict', 'code', 'conflict'] as const;
export interface StoredScan {
  id: number;
  nonce: string;
  guest_id: number | null;
  verdict: string;
  code: string;
  conflict: string | null;
}

export async function findScans(q: Queryable | Tx, eventId: number, nonces: readonly string[]): Promise<Map<string, StoredScan>> {
  const found = new Map<string, StoredScan>();
  for (const part of chunks([...new Set(nonces)])) {
    const rows = await q.selectFrom('scans').select(SCAN_COLUMNS).where('event_id', '=', eventId).where('nonce', 'in', part).execute();
    for (const r of rows) found.set(r.nonce, r);
  }
  return found;
}
