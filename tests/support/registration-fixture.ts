import { join } from 'node:path';
import sharp from 'sharp';
import { DEMO_GUEST_EMAIL, demoInvitationToken } from '../../src/demo/demo-guests.js';
import { sha256 } from '../../src/platform/auth/principal.js';
import { nowIso } from '../../src/platform/db/database.js';
import { latinName, sortKey } from '../../src/platform/i18n/transliterate.js';
import { FACES_DIR, samplePortrait } from './faces.js';
import type { TestApp } from './harness.js';

/** The face photos kept outside the repository (tests/support/faces.ts): present or not, and where. */
export { FACES_DIR, HAVE_FACES, needingFaces } from './faces.js';

/** A real 390 × 520 portrait photo with one face, 30 % of its height (from npm: always present). */
export const facePhoto = samplePortrait;

/** a real face crop of the set (150 px), doubled and set on a grey 400 × 560 canvas: a portrait whose face is ~200 px */
export async function facePortrait(file: string): Promise<Buffer> {
  const face = await sharp(join(FACES_DIR, file)).resize({ width: 300 }).png().toBuffer();
  return sharp(face).extend({ top: 100, bottom: 160, left: 50, right: 50, background: '#808080' }).jpeg({ quality: 92 }).toBuffer();
}

/** a real face crop as a gate camera sees one person: the face (150 px) on a grey 640 × 480 frame */
export async function gateFrame(file: string): Promise<Buffer> {
  const face = await sharp(join(FACES_DIR, file)).resize({ width: 150 }).png().toBuffer();
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a7a7a' } })
    .composite([{ input: face, left: 245, top: 120 }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

export interface SeedGuest {
  token: string;
  name: string;
  nameLatin?: string;
  email?: string | null;
  organisation?: string;
  status?: string;
  categoryCode?: string | null;
  delegationId?: number | null;
  delegationHead?: boolean;
  userId?: number | null;
}

/** An invitee as an import would leave one: a row whose invitation hash is sha256 of a token the test knows. */
export async function seedGuest(app: TestApp, eventId: number, g: SeedGuest): Promise<number> {
  const db = app.deps.db;
  const category = g.categoryCode ? await db.selectFrom('categories').select('id').where('event_id', '=', eventId).where('code', '=', g.categoryCode).executeTakeFirstOrThrow() : null;
  const latin = g.nameLatin ?? latinName(g.name);
  const at = nowIso();
  const row = await db
    .insertInto('guests')
    .values({
      event_id: eventId,
      user_id: g.userId ?? null,
      external_ref: null,
      name: g.name,
      name_latin: latin,
      sort_key: sortKey(latin),
      organisation: g.organisation ?? null,
      title: null,
      country: null,
      delegation_id: g.delegationId ?? null,
      delegation_head: g.delegationHead ? 1 : 0,
      category_id: category?.id ?? null,
      language: 'zh',
      email: g.email === undefined ? `${g.token.slice(0, 12).toLowerCase()}@guests.example.org` : g.email,
      phone: null,
      status: g.status ?? 'invited',
      invite_hash: sha256(g.token),
      invited_at: at,
      registration: null,
      consents: null,
      photo_key: null,
      registered_at: null,
      review_note: null,
      reviewed_by: null,
      reviewed_at: null,
      badge_collected_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function seedDelegation(app: TestApp, eventId: number, code: string, zh: string, en: string): Promise<number> {
  const row = await app.deps.db.insertInto('delegations').values({ event_id: eventId, code, name_zh: zh, name_en: en, country: null }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A complete registration form as the app sends it. */
export function registrationForm(extra: Record<string, unknown> = {}) {
  return {
    identity: { type: 'passport', number: 'E12345678', country: 'CN', expiry: '2027-06-30' },
    arrival: { mode: 'flight', number: 'CA1701', at: '2017-12-02T06:30:00Z', place: 'Hangzhou Xiaoshan (HGH)' },
    departure: { mode: 'train', number: 'G7375', at: '2017-12-05T09:00:00Z', place: 'Tongxiang' },
    hotel: { needed: true, checkIn: '2017-12-02', checkOut: '2017-12-05', roomType: 'single' },
    dietary: { kind: 'vegetarian', allergies: 'peanuts' },
    accessibility: '',
    languages: ['zh', 'en'],
    consents: { dataProcessing: true, faceRecognition: true, photography: false },
    ...extra,
  };
}

/** A multipart/form-data body with one file part, bytes as given. */
export function photoUpload(content: Buffer, fileName = 'me.jpg', contentType = 'image/jpeg', field = 'photo'): { payload: Buffer; headers: Record<string, string> } {
  const b = 'huiwu-photo-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

/** The demo guest's invitation token (the demo loader derives it from the installation secret). */
export function demoGuestToken(app: TestApp, eventId: number): string {
  return demoInvitationToken(app.deps.secret, eventId, DEMO_GUEST_EMAIL);
}
