import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { DEMO_SLUG, loadDemo } from '../../src/demo/load-demo.js';
import type { DB } from '../../src/platform/db/schema.js';
import type { TestApp } from './harness.js';

/** Every table of the schema; the type check below fails when a table is added to `DB` but not here. */
export const TABLES = [
  'settings',
  'events',
  'zones',
  'venues',
  'rooms',
  'users',
  'role_grants',
  'auth_sessions',
  'api_tokens',
  'boards',
  'organisations',
  'people',
  'sessions',
  'session_people',
  'session_hosts',
  'session_invitations',
  'publications',
  'agenda_stars',
  'calendar_feeds',
  'audit_log',
  'documents',
  'notices',
  'notice_deliveries',
  'categories',
  'category_zones',
  'delegations',
  'guests',
  'guest_zone_overrides',
  'message_templates',
  'outbox',
  'event_keys',
  'credentials',
  'gates',
  'scans',
  'presence',
  'cart_settings',
  'cart_stops',
  'cart_links',
  'carts',
  'cart_rides',
  'vehicle_permits',
  'cameras',
  'vehicle_passages',
  'face_enrolments',
] as const satisfies ReadonlyArray<keyof DB>;
type Unlisted = Exclude<keyof DB, (typeof TABLES)[number]>;
const everyTableListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTableListed;

export interface DbSnapshot {
  counts: Record<string, number>;
  /** sha256 of each table's rows, independent of row order */
  hashes: Record<string, string>;
}

/** Row counts and a content hash of every table: two equal snapshots mean nothing was written. */
export async function snapshotDb(app: TestApp): Promise<DbSnapshot> {
  const tables = await Promise.all(
    TABLES.map(async (table) => {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(app.deps.db);
      const lines = rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)))).sort();
      return [table, rows.length, createHash('sha256').update(lines.join('\n')).digest('hex')] as const;
    }),
  );
  return {
    counts: Object.fromEntries(tables.map(([t, n]) => [t, n])),
    hashes: Object.fromEntries(tables.map(([t, , h]) => [t, h])),
  };
}

export const HAN = /\p{Script=Han}/u;

export interface ApiError {
  code: string;
  message: string;
  field: string | null;
}

export function errorOf(res: LightMyRequestResponse): ApiError {
  const body = res.json<{ error?: ApiError }>();
  if (!body.error) throw new Error(`expected an error body, got ${res.statusCode} ${res.body.slice(0, 200)}`);
  return body.error;
}

/** The refusal as `status code field`, so a failing assertion shows all three at once. */
export function refusalOf(res: LightMyRequestResponse): string {
  const e = errorOf(res);
  return `${res.statusCode} ${e.code} ${e.field ?? '-'}`;
}

export function expectStatus(res: LightMyRequestResponse, status: number): void {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
}

export interface DemoIds {
  eventId: number;
  /** by session code (F13, F15, OC, ...) */
  sessions: Record<string, number>;
  /** by external_ref (board-1 .. board-5) */
  boards: Record<string, number>;
  /** by external_ref (main-hall, closed-room, ...) */
  rooms: Record<string, number>;
  /** by external_ref */
  people: Record<string, number>;
  /** by zone code (MAIN, FORUM, ...) */
  zones: Record<string, number>;
  /** by external_ref (wiicec, forest, xizha) */
  venues: Record<string, number>;
  organisations: number[];
}

const byKey = (rows: Array<{ id: number; key: string | null }>) => Object.fromEntries(rows.map((r) => [r.key ?? String(r.id), r.id]));

/** The WIC 2017 programme (published as version 1) and its three demo logins, without generated people. */
export async function loadDemoEvent(app: TestApp): Promise<DemoIds> {
  const loaded = await loadDemo(app.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
  if (!loaded.ok) throw new Error(`demo did not load: ${loaded.code}`);
  const db = app.deps.db;
  const eventId = loaded.value.eventId;
  const event = await db.selectFrom('events').select('slug').where('id', '=', eventId).executeTakeFirstOrThrow();
  expect(event.slug).toBe(DEMO_SLUG);
  const sessions = await db.selectFrom('sessions').select(['id', 'code as key']).where('event_id', '=', eventId).execute();
  const boards = await db.selectFrom('boards').select(['id', 'external_ref as key']).where('event_id', '=', eventId).execute();
  const rooms = await db.selectFrom('rooms').select(['id', 'external_ref as key']).where('event_id', '=', eventId).execute();
  const people = await db.selectFrom('people').select(['id', 'external_ref as key']).where('event_id', '=', eventId).execute();
  const zones = await db.selectFrom('zones').select(['id', 'code as key']).where('event_id', '=', eventId).execute();
  const venues = await db.selectFrom('venues').select(['id', 'external_ref as key']).where('event_id', '=', eventId).execute();
  const orgs = await db.selectFrom('organisations').select('id').where('event_id', '=', eventId).orderBy('id').execute();
  return {
    eventId,
    sessions: byKey(sessions),
    boards: byKey(boards),
    rooms: byKey(rooms),
    people: byKey(people),
    zones: byKey(zones),
    venues: byKey(venues),
    organisations: orgs.map((o) => o.id),
  };
}

/** Looks a key up in a fixture map, failing loudly on a typo instead of sending `undefined` in a URL. */
export function idOf(map: Record<string, number>, key: string): number {
  const id = map[key];
  if (id === undefined) throw new Error(`no fixture id for ${key}`);
  return id;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
