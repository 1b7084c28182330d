import type { Queryable } from '../../platform/db/database.js';

/**
 * Reads of an event's gates, its categories' zone windows, overrides and credentials, for the modules above
 * accreditation (access builds the gate bundle from them) and, through its port, for faces (a guest's badge).
 */

export interface GateRow {
  id: number;
  code: string;
  name_zh: string;
  name_en: string;
  zone_id: number;
  room_id: number | null;
  anti_passback: number;
}

/** The event's gates, by id. */
export async function eventGates(q: Queryable, eventId: number): Promise<GateRow[]> {
  return q.selectFrom('gates').select(['id', 'code', 'name_zh', 'name_en', 'zone_id', 'room_id', 'anti_passback']).where('event_id', '=', eventId).orderBy('id').execute();
}

/** The zones each of these categories opens (pass the event's categories, people's read), with their windows, by id. */
export async function categoryZoneWindows(
  q: Queryable,
  categoryIds: readonly number[],
): Promise<Array<{ category_id: number; zone_id: number; starts_at: string | null; ends_at: string | null }>> {
  if (categoryIds.length === 0) return [];
  return q
    .selectFrom('category_zones')
    .select(['category_id', 'zone_id', 'starts_at', 'ends_at'])
    .where('category_id', 'in', [...new Set(categoryIds)])
    .orderBy('id')
    .execute();
}

/** Every credential of the event, current and revoked, by id. */
export async function eventCredentials(q: Queryable, eventId: number): Promise<Array<{ id: number; guest_id: number; revoked_at: string | null }>> {
  return q.selectFrom('credentials').select(['id', 'guest_id', 'revoked_at']).where('event_id', '=', eventId).orderBy('id').execute();
}

/**
 * The guests' zone grants and bans in these zones (pass the event's zones: an override is always in a zone of its
 * guest's event, manage-overrides checks it), by id.
 */
export async function overridesInZones(
  q: Queryable,
  zoneIds: readonly number[],
): Promise<Array<{ guest_id: number; zone_id: number; kind: string; starts_at: string | null; ends_at: string | null }>> {
  if (zoneIds.length === 0) return [];
  return q
    .selectFrom('guest_zone_overrides')
    .select(['guest_id', 'zone_id', 'kind', 'starts_at', 'ends_at'])
    .where('zone_id', 'in', [...new Set(zoneIds)])
    .orderBy('id')
    .execute();
}

/** The signed QR text of the guest's current (newest unrevoked) credential, or null. */
export async function currentCredentialPayload(q: Queryable, guestId: number): Promise<string | null> {
  const row = await q.selectFrom('credentials').select('payload').where('guest_id', '=', guestId).where('revoked_at', 'is', null).orderBy('id', 'desc').executeTakeFirst();
  return row?.payload ?? null;
}
