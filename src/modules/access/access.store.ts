import type { Db, Queryable, Tx } from '../../platform/db/database.js';
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

export async function loadBundleData(db: Db, eventId: number): Promise<BundleData | null> {
  const event = await db.selectFrom('events').select(['id', 'slug', 'timezone', 'start_date', 'end_date']).where('id', '=', eventId).executeTakeFirst();
  if (!event) return null;
  const [zones, gates, categories, windows, guests, credentials, overrides, sessions, invitations, inside] = await Promise.all([
    db.selectFrom('zones').select(['id', 'code', 'name_zh', 'name_en']).where('event_id', '=', eventId).orderBy('id').execute(),
    db
      .selectFrom('gates')
      .select(['id', 'code', 'name_zh', 'name_en', 'zone_id', 'room_id', 'anti_passback'])
      .where('event_id', '=', eventId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('categories')
      .select(['id', 'code', 'name_zh', 'name_en', 'color'])
      .where('event_id', '=', eventId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('category_zones')
      .innerJoin('categories', 'categories.id', 'category_zones.category_id')
      .select(['category_zones.category_id', 'category_zones.zone_id', 'category_zones.starts_at', 'category_zones.ends_at'])
      .where('categories.event_id', '=', eventId)
      .orderBy('category_zones.id')
      .execute(),
    db
      .selectFrom('guests')
      .leftJoin('delegations', 'delegations.id', 'guests.delegation_id')
      .select([
        'guests.id',
        'guests.user_id',
        'guests.name',
        'guests.name_latin',
        'guests.organisation',
        'guests.category_id',
        'guests.status',
        'guests.photo_key',
        'delegations.name_zh as delegation_zh',
        'delegations.name_en as delegation_en',
      ])
      .where('guests.event_id', '=', eventId)
      .orderBy('guests.id')
      .execute(),
    db.selectFrom('credentials').select(['id', 'guest_id', 'revoked_at']).where('event_id', '=', eventId).orderBy('id').execute(),
    db
      .selectFrom('guest_zone_overrides')
      .innerJoin('guests', 'guests.id', 'guest_zone_overrides.guest_id')
      .select([
        'guest_zone_overrides.guest_id',
        'guest_zone_overrides.zone_id',
        'guest_zone_overrides.kind',
        'guest_zone_overrides.starts_at',
        'guest_zone_overrides.ends_at',
      ])
      .where('guests.event_id', '=', eventId)
      .orderBy('guest_zone_overrides.id')
      .execute(),
    db
      .selectFrom('sessions')
      .innerJoin('rooms', 'rooms.id', 'sessions.room_id')
      .select([
        'sessions.id',
        'sessions.code',
        'sessions.kind',
        'sessions.title_zh',
        'sessions.title_en',
        'sessions.room_id',
        'sessions.starts_at',
        'sessions.ends_at',
        'rooms.capacity',
      ])
      .where('sessions.event_id', '=', eventId)
      .where('sessions.room_id', 'in', (eb) =>
        eb
          .selectFrom('gates')
          .select('gates.room_id')
          .where('gates.event_id', '=', eventId)
          .where('gates.room_id', 'is not', null)
          .$narrowType<{ room_id: number }>(),
      )
      .orderBy('sessions.starts_at')
      .orderBy('sessions.id')
      .execute(),
    db
      .selectFrom('session_invitations')
      .innerJoin('sessions', 'sessions.id', 'session_invitations.session_id')
      .select(['session_invitations.session_id', 'session_invitations.user_id'])
      .where('sessions.event_id', '=', eventId)
      .execute(),
    db
      .selectFrom('presence')
      .select(['guest_id', 'zone_id'])
      .where('event_id', '=', eventId)
      .orderBy('guest_id')
      .orderBy('zone_id')
      .execute(),
  ]);

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
        roomId: s.room_id as number,
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
): Promise<Array<{ zoneId: number; roomId: number | null; n: number }>> {
  const rows = await q
    .selectFrom('presence')
    .leftJoin('gates', 'gates.id', 'presence.gate_id')
    .select(['presence.zone_id', 'gates.room_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('presence.event_id', '=', eventId)
    .where('presence.zone_id', 'in', zoneIds)
    .groupBy(['presence.zone_id', 'gates.room_id'])
    .execute();
  return rows.map((r) => ({ zoneId: r.zone_id, roomId: r.room_id ?? null, n: Number(r.n) }));
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
