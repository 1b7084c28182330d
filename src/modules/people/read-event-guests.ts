import type { Queryable } from '../../platform/db/database.js';
import { fromJson } from '../../platform/db/database.js';
import { countOf } from '../../platform/privacy/count.js';
import type { FaceSubject } from '../faces/index.js';

/**
 * Reads of an event's guests and delegations for the modules that decide about them or count them: access (the gate
 * bundle, the arrival reports) directly, faces and vehicles through their ports (ADR 0012).
 */

export interface BundleGuestRow {
  id: number;
  user_id: number | null;
  name: string;
  name_latin: string;
  organisation: string | null;
  category_id: number | null;
  status: string;
  photo_key: string | null;
  delegation_zh: string | null;
  delegation_en: string | null;
}

/** Every guest of the event (cancelled ones too), with their delegation's names, by id. */
export async function guestsWithDelegation(q: Queryable, eventId: number): Promise<BundleGuestRow[]> {
  return q
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
    .execute();
}

/** The event's delegations, by code. */
export async function eventDelegations(q: Queryable, eventId: number): Promise<Array<{ id: number; code: string; name_zh: string; name_en: string }>> {
  return q.selectFrom('delegations').select(['id', 'code', 'name_zh', 'name_en']).where('event_id', '=', eventId).orderBy('code').execute();
}

/** What the arrival counts need of each guest. */
export interface GuestTally {
  id: number;
  status: string;
  category_id: number | null;
  delegation_id: number | null;
  badge_collected_at: string | null;
}

/** The event's guests who are not cancelled, as the arrival reports count them. */
export async function guestTallies(q: Queryable, eventId: number): Promise<GuestTally[]> {
  return q.selectFrom('guests').select(['id', 'status', 'category_id', 'delegation_id', 'badge_collected_at']).where('event_id', '=', eventId).where('status', '<>', 'cancelled').execute();
}

export interface ApprovedGuestRow {
  id: number;
  name: string;
  name_latin: string;
  organisation: string | null;
  email: string | null;
  phone: string | null;
  category_id: number | null;
  delegation_id: number | null;
  badge_collected_at: string | null;
}

/** The event's approved guests with their contact details, in the guest list's order (sort key, then id). */
export async function approvedGuests(q: Queryable, eventId: number): Promise<ApprovedGuestRow[]> {
  return q
    .selectFrom('guests')
    .select(['id', 'name', 'name_latin', 'organisation', 'email', 'phone', 'category_id', 'delegation_id', 'badge_collected_at'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'approved')
    .orderBy('sort_key')
    .orderBy('id')
    .execute();
}

// ---- for the faces port (faces.subjects) ----

/** A guest as the face checks and enrolments see them (consents as stored, JSON), or undefined. */
export async function faceSubject(q: Queryable, guestId: number): Promise<FaceSubject | undefined> {
  return q.selectFrom('guests').select(['id', 'event_id', 'name', 'name_latin', 'organisation', 'consents', 'photo_key']).where('id', '=', guestId).executeTakeFirst();
}

/**
 * Blanks the photo of every guest of the event who has one (the face shredder, in its transaction): answers the
 * file-store keys that now point nowhere, for the caller to remove after the commit, and how many guests stay.
 */
export async function dropEventPhotos(q: Queryable, eventId: number): Promise<{ photoKeys: string[]; guests: number }> {
  const photos = await q.selectFrom('guests').select(['id', 'photo_key']).where('event_id', '=', eventId).where('photo_key', 'is not', null).execute();
  if (photos.length > 0) await q.updateTable('guests').set({ photo_key: null }).where('event_id', '=', eventId).where('photo_key', 'is not', null).execute();
  const guests = countOf(await q.selectFrom('guests').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).executeTakeFirst());
  return { photoKeys: photos.map((p) => p.photo_key!), guests };
}

// ---- for the vehicles port (vehicles.owners) ----

/** The event a guest belongs to, or undefined for an unknown guest. */
export async function eventOfGuest(q: Queryable, guestId: number): Promise<number | undefined> {
  return (await q.selectFrom('guests').select('event_id').where('id', '=', guestId).executeTakeFirst())?.event_id;
}

/** The event a delegation belongs to, or undefined for an unknown delegation. */
export async function eventOfDelegation(q: Queryable, delegationId: number): Promise<number | undefined> {
  return (await q.selectFrom('delegations').select('event_id').where('id', '=', delegationId).executeTakeFirst())?.event_id;
}

/** The vehicles approved guests of the event gave on their registration form (guests.vehicle, JSON), by guest id. */
export async function approvedGuestVehicles(q: Queryable, eventId: number): Promise<Array<{ guestId: number; name: string; plate: string; type: string }>> {
  const rows = await q
    .selectFrom('guests')
    .select(['id', 'name', 'vehicle'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'approved')
    .where('vehicle', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.flatMap((r) => {
    const v = fromJson<{ plate?: unknown; type?: unknown } | null>(r.vehicle, null);
    return v && typeof v.plate === 'string' ? [{ guestId: r.id, name: r.name, plate: v.plate, type: typeof v.type === 'string' ? v.type : 'car' }] : [];
  });
}
