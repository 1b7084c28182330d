import type { Deps } from '../../platform/deps.js';
import { eventById, eventZones } from '../events/index.js';
import { approvedGuestsWithCategory } from '../people/index.js';

/** What one badge shows, read for a whole batch in a handful of queries. */
export interface BadgeData {
  guestId: number;
  credentialId: number;
  payload: string;
  expiresAt: string;
  printedAt: string | null;
  name: string;
  nameLatin: string;
  organisation: string | null;
  category: { code: string; name: { zh: string; en: string }; color: string };
  /** zone codes the badge opens: the category's zones and individual grants, less whole-event bans */
  zones: string[];
}

export interface BadgeEvent {
  id: number;
  slug: string;
  name: { zh: string; en: string };
}

export interface BadgeFilter {
  /** a category code */
  category?: string;
  /** all current badges, only those not printed yet, or only printed ones */
  status?: 'all' | 'unprinted' | 'printed';
  guestIds?: number[];
}

const CHUNK = 500;
const chunks = <T>(items: T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

export async function badgeEvent(deps: Pick<Deps, 'db'>, eventId: number): Promise<BadgeEvent> {
  const e = await eventById(deps.db, eventId);
  if (!e) throw new Error(`no event ${eventId}`);
  return { id: e.id, slug: e.slug, name: { zh: e.name_zh, en: e.name_en } };
}

/**
 * The current badge of each approved guest with a category (and a current credential) that the filter selects,
 * sorted as badges are sorted for handing out: by category, then by the Latin sort key.
 */
export async function loadBadges(deps: Pick<Deps, 'db'>, eventId: number, filter: BadgeFilter = {}): Promise<BadgeData[]> {
  const guests = await approvedGuestsWithCategory(deps.db, eventId, { ...(filter.category !== undefined && { categoryCode: filter.category }), ...(filter.guestIds && { guestIds: filter.guestIds }) });
  // the current credentials: the whole event's in one read, or those of the chosen guests 500 at a time
  const current = deps.db.selectFrom('credentials').select(['id', 'guest_id', 'payload', 'expires_at', 'printed_at']).where('event_id', '=', eventId).where('revoked_at', 'is', null).orderBy('id');
  const credentials = new Map<number, { id: number; payload: string; expires_at: string; printed_at: string | null }>();
  if (!guests.length) return [];
  for (const found of filter.guestIds ? await Promise.all(chunks(guests.map((g) => g.id)).map((ids) => current.where('guest_id', 'in', ids).execute())) : [await current.execute()]) {
    for (const c of found) credentials.set(c.guest_id, c);
  }
  const rows = guests.flatMap((g) => {
    const c = credentials.get(g.id);
    if (!c) return [];
    if (filter.status === 'unprinted' && c.printed_at !== null) return [];
    if (filter.status === 'printed' && c.printed_at === null) return [];
    return [{ ...g, guestId: g.id, credentialId: c.id, payload: c.payload, expires_at: c.expires_at, printed_at: c.printed_at }];
  });
  if (!rows.length) return [];
  rows.sort((a, b) => a.category_position - b.category_position || a.category_code.localeCompare(b.category_code) || a.sort_key.localeCompare(b.sort_key) || a.guestId - b.guestId);

  const zones = await eventZones(deps.db, eventId, 'id');
  const zoneOrder = new Map(zones.map((z, i) => [z.id, i]));
  const zoneCode = new Map(zones.map((z) => [z.id, z.code]));
  const categoryIds = [...new Set(rows.map((r) => r.category_id))];
  const byCategory = new Map<number, Set<number>>();
  for (const cz of await deps.db.selectFrom('category_zones').select(['category_id', 'zone_id']).where('category_id', 'in', categoryIds).execute()) {
    if (!byCategory.has(cz.category_id)) byCategory.set(cz.category_id, new Set());
    byCategory.get(cz.category_id)!.add(cz.zone_id);
  }
  const overrides = new Map<number, Array<{ zone_id: number; kind: string; whole: boolean }>>();
  for (const ids of chunks(rows.map((r) => r.guestId))) {
    const found = await deps.db.selectFrom('guest_zone_overrides').select(['guest_id', 'zone_id', 'kind', 'starts_at', 'ends_at']).where('guest_id', 'in', ids).execute();
    for (const o of found) {
      if (!overrides.has(o.guest_id)) overrides.set(o.guest_id, []);
      overrides.get(o.guest_id)!.push({ zone_id: o.zone_id, kind: o.kind, whole: o.starts_at === null && o.ends_at === null });
    }
  }
  return rows.map((r) => {
    const open = new Set(byCategory.get(r.category_id) ?? []);
    for (const o of overrides.get(r.guestId) ?? []) {
      if (o.kind === 'grant') open.add(o.zone_id);
      // a ban for part of the event leaves the code on the badge: the gate checks the time, the badge can't
      else if (o.kind === 'ban' && o.whole) open.delete(o.zone_id);
    }
    const codes = [...open].filter((z) => zoneCode.has(z)).sort((a, b) => zoneOrder.get(a)! - zoneOrder.get(b)!).map((z) => zoneCode.get(z)!);
    return {
      guestId: r.guestId,
      credentialId: r.credentialId,
      payload: r.payload,
      expiresAt: r.expires_at,
      printedAt: r.printed_at,
      name: r.name,
      nameLatin: r.name_latin,
      organisation: r.organisation,
      category: { code: r.category_code, name: { zh: r.category_zh, en: r.category_en }, color: r.category_color },
      zones: codes,
    };
  });
}

/** Records that these credentials were printed (the first time only: a later print keeps the first date). */
export async function markPrinted(deps: Pick<Deps, 'db'>, credentialIds: number[], at = new Date()): Promise<void> {
  for (const ids of chunks(credentialIds)) {
    await deps.db.updateTable('credentials').set({ printed_at: at.toISOString() }).where('id', 'in', ids).where('printed_at', 'is', null).execute();
  }
}
