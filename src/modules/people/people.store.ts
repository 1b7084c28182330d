import type { Selectable } from 'kysely';
import { sha256 } from '../../platform/auth/principal.js';
import { fromJson, type Db, type Queryable } from '../../platform/db/database.js';
import type { GuestsTable } from './people.tables.js';
import type { GuestStatus, GuestSummary } from './people.schema.js';
import { openRegistration, type StoredIdentity } from './identity-number.js';
import type { Consents, GuestVehicle, RegistrationDetails } from './registration.schema.js';

export type GuestRow = Selectable<GuestsTable>;

export async function guestByToken(db: Db, token: string): Promise<GuestRow | null> {
  return (await db.selectFrom('guests').selectAll().where('invite_hash', '=', sha256(token)).executeTakeFirst()) ?? null;
}

/** Where a guest stands, for the modules above people (accreditation issues credentials to approved guests). */
export interface GuestStanding {
  id: number;
  eventId: number;
  status: GuestStatus;
  categoryId: number | null;
  reviewNote: string | null;
}
export async function guestStanding(q: Queryable, guestId: number): Promise<GuestStanding | null> {
  const g = await q.selectFrom('guests').select(['id', 'event_id', 'status', 'category_id', 'review_note']).where('id', '=', guestId).executeTakeFirst();
  return g ? { id: g.id, eventId: g.event_id, status: g.status as GuestStatus, categoryId: g.category_id, reviewNote: g.review_note } : null;
}

/** Puts a guest in an accreditation category, in the caller's transaction (src/commands/accredit-person.ts). */
export async function setGuestCategory(q: Queryable, guestId: number, categoryId: number | null): Promise<void> {
  await q.updateTable('guests').set({ category_id: categoryId, updated_at: new Date().toISOString() }).where('id', '=', guestId).execute();
}

/** The guest record of a signed-in account in an event (linked by `guests.user_id`). */
export async function guestOfUser(db: Db, eventId: number, userId: number): Promise<GuestRow | null> {
  return (await db.selectFrom('guests').selectAll().where('event_id', '=', eventId).where('user_id', '=', userId).orderBy('id').executeTakeFirst()) ?? null;
}

/**
 * The registration JSON with the identity-document number opened (sealed at rest under the installation secret)
 * and the vehicle, which has a column of its own (the vehicles module reads it).
 */
export function registrationOf(row: Pick<GuestRow, 'registration' | 'vehicle'>, secret: string): RegistrationDetails | null {
  const details = openRegistration(secret, fromJson<(Omit<RegistrationDetails, 'identity'> & { identity: StoredIdentity }) | null>(row.registration, null));
  return details && { ...details, vehicle: fromJson<GuestVehicle | null>(row.vehicle, null) };
}

/** Stored as { data_processing, face_recognition, photography } (the migration's words); shown in camelCase. */
interface StoredConsent {
  given: boolean;
  at: string;
  by: number | null;
}
export function consentsOf(row: Pick<GuestRow, 'consents'>): Consents | null {
  const c = fromJson<Record<string, StoredConsent> | null>(row.consents, null);
  // snake_case as the migration documents it; camelCase as the demo loader writes it
  const first = c?.['data_processing'] ?? c?.['dataProcessing'];
  if (!c || !first) return null;
  const one = (snake: string, camel: string): StoredConsent => {
    const v = c[snake] ?? c[camel];
    return v ? { given: v.given === true, at: String(v.at), by: typeof v.by === 'number' ? v.by : null } : { given: false, at: first.at, by: null };
  };
  return { dataProcessing: one('data_processing', 'dataProcessing'), faceRecognition: one('face_recognition', 'faceRecognition'), photography: one('photography', 'photography') };
}
export const storedConsents = (c: Consents) => ({ data_processing: c.dataProcessing, face_recognition: c.faceRecognition, photography: c.photography });

/** Guests with their category and delegation, for lists and details. */
export function guestsWithRefs(db: Db) {
  return db
    .selectFrom('guests')
    .leftJoin('categories', 'categories.id', 'guests.category_id')
    .leftJoin('delegations', 'delegations.id', 'guests.delegation_id')
    .selectAll('guests')
    .select([
      'categories.code as category_code',
      'categories.name_zh as category_zh',
      'categories.name_en as category_en',
      'delegations.code as delegation_code',
      'delegations.name_zh as delegation_zh',
      'delegations.name_en as delegation_en',
    ]);
}
export type GuestWithRefs = GuestRow & {
  category_code: string | null;
  category_zh: string | null;
  category_en: string | null;
  delegation_code: string | null;
  delegation_zh: string | null;
  delegation_en: string | null;
};

export function toGuestSummary(r: GuestWithRefs): GuestSummary {
  return {
    id: r.id,
    name: r.name,
    nameLatin: r.name_latin,
    organisation: r.organisation,
    title: r.title,
    country: r.country,
    email: r.email,
    phone: r.phone,
    language: r.language,
    status: r.status as GuestStatus,
    category: r.category_id !== null && r.category_code !== null ? { id: r.category_id, code: r.category_code, name: { zh: r.category_zh ?? '', en: r.category_en ?? '' } } : null,
    delegation:
      r.delegation_id !== null && r.delegation_code !== null
        ? { id: r.delegation_id, code: r.delegation_code, name: { zh: r.delegation_zh ?? '', en: r.delegation_en ?? '' } }
        : null,
    delegationHead: r.delegation_head === 1,
    hasPhoto: r.photo_key !== null,
    registeredAt: r.registered_at,
    updatedAt: r.updated_at,
  };
}

export type Change = { from: unknown; to: unknown };

/** Identity document numbers go into the audit log masked: the log says that it changed, not the number. */
function mask(path: string, value: unknown): unknown {
  if (path === 'identity.number' && typeof value === 'string') return value.length > 4 ? `…${value.slice(-4)}` : '…';
  return value;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (value !== undefined) out.set(prefix, value);
}

/** The fields that differ between two versions, by dotted path: `{ 'hotel.checkIn': { from, to } }`. */
export function diff(before: unknown, after: unknown): Record<string, Change> {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before ?? {}, '', a);
  flatten(after ?? {}, '', b);
  const out: Record<string, Change> = {};
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const from = a.get(key) ?? null;
    const to = b.get(key) ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) out[key] = { from: mask(key, from), to: mask(key, to) };
  }
  return out;
}
