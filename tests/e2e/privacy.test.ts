import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrations } from '../../src/main.js';
import { registrationOf } from '../../src/modules/people/people.store.js';
import { migrateToLatest, nowIso, openDatabase, type Database } from '../../src/platform/db/database.js';
import { adminSession, call, databases, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { expectStatus, idOf, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';
import { runHuiwu, type CliRun } from '../support/cli.js';
import { registrationForm, seedGuest } from '../support/registration-fixture.js';

const EV = '/api/v1/events/wic2017';
const token = (name: string) => `tok-privacy-${name}-`.padEnd(43, 'x');
const ID_A = 'E11111111';
const ID_B = 'P98765432';

interface Person {
  guestId: number;
  userId: number;
  email: string;
  phone: string;
  plate: string;
}
type PersonExport = Record<string, Array<Record<string, unknown>>>;
interface ShredReport {
  event: string;
  forced: boolean;
  dryRun: boolean;
  modules: Record<string, { removed: Record<string, number>; kept: Record<string, number> }>;
}

/**
 * Two guests with data in every module that holds personal data: a registration with an identity document, a
 * starred session and a calendar feed, a credential, gate scans and presence, a face enrolment, a parking permit
 * with a camera passage, a cart ride with a phone number, a notice read.
 */
async function seedPerson(app: TestApp, eventId: number, demo: Awaited<ReturnType<typeof loadDemoEvent>>, name: string, n: number, idNumber: string, fixtures: Fixtures): Promise<Person> {
  const db = app.deps.db;
  const at = nowIso();
  const email = `${name}@privacy.example.org`;
  const phone = `+86 138 0000 000${n}`;
  const plate = `浙A${n}${n}${n}${n}${n}`;
  const user = await db.insertInto('users').values({ email, password_hash: null, display_name: name, locale: 'en', disabled: 0, created_at: at }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('role_grants').values({ user_id: user.id, role: 'guest', event_id: eventId, board_id: null }).execute();
  const guestId = await seedGuest(app, eventId, { token: token(name), name: `Privacy ${name}`, email, userId: user.id });
  await db.updateTable('guests').set({ phone }).where('id', '=', guestId).execute();
  const form = registrationForm({ identity: { type: 'passport', number: idNumber, country: 'CN', expiry: '2027-06-30' }, vehicle: { plate, type: 'car' } });
  expectStatus(await app.app.inject({ method: 'PUT', url: `/api/v1/invitations/${token(name)}/registration`, payload: form }), 200);

  await db.insertInto('agenda_stars').values({ user_id: user.id, session_id: idOf(demo.sessions, n === 1 ? 'F13' : 'F15'), event_id: eventId, created_at: at }).execute();
  await db.insertInto('calendar_feeds').values({ user_id: user.id, event_id: eventId, nonce: `nonce-${name}`, created_at: at }).execute();
  const credential = await db
    .insertInto('credentials')
    .values({ event_id: eventId, guest_id: guestId, payload: `qr-${name}`, issued_at: at, expires_at: '2030-01-01T00:00:00.000Z', revoked_at: null, revoke_reason: null, printed_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, direction] of (['entry', 'exit'] as const).entries()) {
    await db
      .insertInto('scans')
      .values({ event_id: eventId, nonce: `${name}-${i}`, credential_id: credential.id, guest_id: guestId, gate_id: fixtures.gateId, zone_id: fixtures.zoneId, direction, verdict: 'admit', code: 'ok', scanned_at: at, received_at: at, device_user_id: null, conflict: null })
      .execute();
  }
  await db.insertInto('presence').values({ guest_id: guestId, zone_id: fixtures.zoneId, event_id: eventId, gate_id: fixtures.gateId, since: at }).execute();
  await db.insertInto('face_enrolments').values({ event_id: eventId, guest_id: guestId, descriptor: 'v1.x.y.z', model: 'test', model_version: '1', face_px: 200, score: 0.9, enrolled_at: at }).execute();
  const permit = await db
    .insertInto('vehicle_permits')
    .values({ event_id: eventId, plate, plate_text: plate, vehicle_type: 'car', guest_id: guestId, delegation_id: null, owner: `Privacy ${name}`, zones: '["MAIN"]', valid_from: null, valid_to: null, created_at: at, revoked_at: null, revoke_reason: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('vehicle_passages')
    .values({ event_id: eventId, camera_id: fixtures.cameraId, plate_read: plate, plate, confidence: 0.9, permit_id: permit.id, decision: 'open', reason: 'permit', payload_kind: 'json', payload_sha256: `sha-${name}`, camera_time: at, seen_at: at, last_seen_at: at })
    .execute();
  await db
    .insertInto('cart_rides')
    .values({ event_id: eventId, token: `ride-${name}`, code: `R${n}`, origin_stop_id: fixtures.stops[0]!, destination_stop_id: fixtures.stops[1]!, party: 1, guest_id: guestId, user_id: user.id, phone, lang: 'en', status: 'done', refusal: null, estimated_wait: 60, cart_id: null, max_wait: 600, max_ride_factor: 2, requested_at: Date.now(), pickup_eta: null, accepted_at: null, picked_up_at: null, dropped_off_at: null, closed_at: Date.now(), direct_seconds: 120 })
    .execute();
  await db.insertInto('notice_deliveries').values({ notice_id: fixtures.noticeId, user_id: user.id, event_id: eventId, read_at: n === 1 ? at : null }).execute();
  return { guestId, userId: user.id, email, phone, plate };
}

interface Fixtures {
  zoneId: number;
  gateId: number;
  cameraId: number;
  stops: number[];
  noticeId: number;
}

async function seedFixtures(app: TestApp, eventId: number, demo: Awaited<ReturnType<typeof loadDemoEvent>>): Promise<Fixtures> {
  const db = app.deps.db;
  const at = nowIso();
  const zoneId = idOf(demo.zones, 'MAIN');
  const gate = await db.insertInto('gates').values({ event_id: eventId, code: 'PRIV-G', name_zh: '隐私门', name_en: 'Privacy gate', zone_id: zoneId, room_id: null }).returning('id').executeTakeFirstOrThrow();
  const camera = await db
    .insertInto('cameras')
    .values({ event_id: eventId, code: 'PRIV-CAM', name_zh: '摄像头', name_en: 'Camera', zone_id: zoneId, direction: 'entry', kind: 'json', device_user_id: null, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stops: number[] = [];
  for (const code of ['PRIV-S1', 'PRIV-S2']) {
    stops.push((await db.insertInto('cart_stops').values({ event_id: eventId, code, name_zh: code, name_en: code, lat: 30.74, lon: 120.49 }).returning('id').executeTakeFirstOrThrow()).id);
  }
  const notice = await db
    .insertInto('notices')
    .values({ event_id: eventId, title_zh: '通知', title_en: 'Notice', body_zh: '正文', body_en: 'Body', urgency: 'normal', audience_kind: 'all', audience_value: null, status: 'published', publish_at: at, published_at: at, withdrawn_at: null, created_by: null, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { zoneId, gateId: gate.id, cameraId: camera.id, stops, noticeId: notice.id };
}

describe.each(databases())('privacy across modules (%s)', (kind) => {
  let app: TestApp;
  let admin: Session;
  let eventId: number;
  let a: Person;
  let b: Person;
  const exportOf = (person: string | number) => call(app, admin, 'GET', `${EV}/privacy/export?person=${encodeURIComponent(String(person))}`);

  beforeAll(async () => {
    app = await startTestApp(kind);
    const demo = await loadDemoEvent(app);
    eventId = demo.eventId;
    admin = await adminSession(app);
    const fixtures = await seedFixtures(app, eventId, demo);
    a = await seedPerson(app, eventId, demo, 'alice', 1, ID_A, fixtures);
    b = await seedPerson(app, eventId, demo, 'bob', 2, ID_B, fixtures);
    expectStatus(
      await call(app, admin, 'POST', '/api/v1/events', { slug: 'future-2099', name: { zh: '未来', en: 'Future' }, timezone: 'UTC', startDate: '2099-01-01', endDate: '2099-01-02', languages: ['en'] }),
      201,
    );
  }, 120_000);
  afterAll(async () => {
    await app?.dispose();
  });

  it("exports one person's records from every module that holds data on them, and nothing of another person", async () => {
    const res = await exportOf(a.email);
    expectStatus(res, 200);
    const data = res.json<PersonExport>();
    expect(Object.keys(data).sort()).toEqual(['access', 'accounts', 'accreditation', 'agenda', 'audit', 'faces', 'logistics', 'notices', 'people', 'vehicles']);
    const guest = data['people']!.find((r) => r['kind'] === 'guest')!;
    expect(guest).toMatchObject({ id: a.guestId, email: a.email, phone: a.phone, name: 'Privacy alice' });
    expect((guest['registration'] as { identity: { number: string } }).identity.number).toBe(ID_A);
    expect(data['agenda']!.map((r) => r['kind']).sort()).toEqual(['calendar_feed', 'star']);
    expect(data['accreditation']!.filter((r) => r['kind'] === 'credential')).toHaveLength(1);
    expect(data['access']!.map((r) => r['kind'])).toEqual(['scan', 'scan', 'presence']);
    expect(data['faces']).toEqual([expect.objectContaining({ kind: 'enrolment', facePx: 200, template: 'sealed, not exported' })]);
    expect(data['vehicles']!.map((r) => [r['kind'], r['plate']])).toEqual([['permit', a.plate], ['passage', a.plate]]);
    expect(data['logistics']).toEqual([expect.objectContaining({ kind: 'ride', phone: a.phone, status: 'done' })]);
    expect(data['notices']).toEqual([expect.objectContaining({ kind: 'delivery', readAt: expect.any(String) })]);
    expect(data['audit']!.length).toBeGreaterThan(0);
    const text = JSON.stringify(data);
    for (const other of [b.email, b.phone, b.plate, ID_B, 'Privacy bob', 'nonce-bob', 'v1.x.y.z']) expect(text).not.toContain(other);
    // by guest id: the same person
    const byId = await exportOf(a.guestId);
    expectStatus(byId, 200);
    expect(byId.json<PersonExport>()['people']![0]).toMatchObject({ id: a.guestId, email: a.email });
  });

  it('refuses an unknown person with 404 privacy_person_unknown and a malformed one with 400, naming person', async () => {
    expect(refusalOf(await exportOf('nobody@privacy.example.org'))).toBe('404 privacy_person_unknown person');
    // an account without a role or a guest record in this event is not this event's to export
    await app.deps.db.insertInto('users').values({ email: 'elsewhere@privacy.example.org', password_hash: null, display_name: 'Elsewhere', locale: 'en', disabled: 0, created_at: nowIso() }).execute();
    expect(refusalOf(await exportOf('elsewhere@privacy.example.org'))).toBe('404 privacy_person_unknown person');
    expect(refusalOf(await exportOf('not a person'))).toBe('400 validation person');
  });

  it('audits the export as privacy.exported naming the person and modules, never the records', async () => {
    const rows = await app.deps.db.selectFrom('audit_log').select(['payload']).where('type', '=', 'privacy.exported').execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const payload = JSON.parse(rows[0]!.payload) as { guestId: number; modules: string[] };
    expect(payload.guestId).toBe(a.guestId);
    expect(payload.modules).toContain('people');
    expect(rows[0]!.payload).not.toContain(a.email);
  });

  it('keeps identity-document numbers out of the database in clear', async () => {
    const { rows } = await sql<{ registration: string | null }>`select registration from guests where id in (${a.guestId}, ${b.guestId})`.execute(app.deps.db);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.registration).not.toContain(ID_A);
      expect(r.registration).not.toContain(ID_B);
    }
    const audit = await app.deps.db.selectFrom('audit_log').select('payload').execute();
    expect(audit.map((r) => r.payload).join('\n')).not.toContain(ID_A.slice(0, 6));
    if (kind === 'sqlite') {
      const target = app.deps.config.database;
      if (target.kind !== 'sqlite') throw new Error('sqlite expected');
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(app.deps.db);
      for (const file of [target.file, `${target.file}-wal`]) {
        if (!existsSync(file)) continue;
        const raw = readFileSync(file);
        expect(raw.includes(Buffer.from(ID_A)), file).toBe(false);
        expect(raw.includes(Buffer.from(ID_B)), file).toBe(false);
      }
    }
  });

  it('refuses to shred an event that has not ended with 409 privacy_event_running, naming force', async () => {
    const res = await call(app, admin, 'POST', '/api/v1/events/future-2099/privacy/shred', {});
    expect(refusalOf(res)).toBe('409 privacy_event_running force');
    expect(res.json<{ error: { message: string } }>().error.message).toContain('2099-01-02');
  });

  it('answers a dry run with what the shred would remove, writing nothing', async () => {
    const before = await snapshotDb(app);
    const res = await call(app, admin, 'POST', `${EV}/privacy/shred`, { dryRun: true });
    expectStatus(res, 200);
    const report = res.json<ShredReport>();
    expect(report.dryRun).toBe(true);
    expect(report.modules['agenda']!.removed).toEqual({ stars: 2, calendarFeeds: 2 });
    expect(await snapshotDb(app)).toEqual(before);
  });

  it("shreds the ended event's personal data in every module and keeps the counts", async () => {
    const db = app.deps.db;
    const scansBefore = await db.selectFrom('scans').select(['gate_id', 'zone_id', 'direction', 'verdict', 'scanned_at']).where('event_id', '=', eventId).orderBy('id').execute();
    const guests = await db.selectFrom('guests').select('id').where('event_id', '=', eventId).execute();
    const credentials = await db.selectFrom('credentials').select(['id', 'revoked_at']).where('event_id', '=', eventId).execute();
    const res = await call(app, admin, 'POST', `${EV}/privacy/shred`, {});
    expectStatus(res, 200);
    const report = res.json<ShredReport>();
    expect(report).toMatchObject({ event: 'wic2017', forced: false, dryRun: false });
    const m = report.modules;
    expect(m['people']!.removed).toMatchObject({ guests: guests.length });
    expect(m['people']!.kept).toMatchObject({ guests: guests.length });
    expect(m['agenda']).toEqual({ removed: { stars: 2, calendarFeeds: 2 }, kept: { starredSessions: 2 } });
    expect(m['accreditation']!.removed).toMatchObject({ credentials: credentials.filter((c) => c.revoked_at === null).length });
    expect(m['accreditation']!.kept).toEqual({ credentials: credentials.length });
    expect(m['access']).toEqual({ removed: { scanLinks: 4, presence: 2 }, kept: { scans: 4 } });
    expect(m['faces']!.removed).toMatchObject({ enrolments: 2 });
    expect(m['vehicles']!.removed).toMatchObject({ permits: 2, passagePlates: 2 });
    expect(m['vehicles']!.kept).toEqual({ permits: 2, passages: 2 });
    expect(m['logistics']).toEqual({ removed: { rides: 2 }, kept: { rides: 2 } });
    expect(m['notices']!.removed).toEqual({ deliveries: 2 });
    expect(m['notices']!.kept).toMatchObject({ readReceiptsCounted: 1 });

    // the people are gone from every table
    const left = await db.selectFrom('guests').select(['name', 'email', 'phone', 'registration', 'vehicle', 'user_id', 'status']).where('id', 'in', [a.guestId, b.guestId]).execute();
    expect(left).toEqual([
      { name: '', email: null, phone: null, registration: null, vehicle: null, user_id: null, status: expect.any(String) },
      { name: '', email: null, phone: null, registration: null, vehicle: null, user_id: null, status: expect.any(String) },
    ]);
    expect(await db.selectFrom('agenda_stars').select('user_id').where('event_id', '=', eventId).execute()).toEqual([]);
    expect(await db.selectFrom('face_enrolments').select('id').where('event_id', '=', eventId).execute()).toEqual([]);
    expect(await db.selectFrom('presence').select('guest_id').where('event_id', '=', eventId).execute()).toEqual([]);
    expect(await db.selectFrom('scans').select('guest_id').where('event_id', '=', eventId).where('guest_id', 'is not', null).execute()).toEqual([]);
    expect(await db.selectFrom('cart_rides').select('phone').where('event_id', '=', eventId).where('phone', 'is not', null).execute()).toEqual([]);
    expect(await db.selectFrom('vehicle_permits').select('id').where('event_id', '=', eventId).where((eb) => eb.or([eb('guest_id', 'is not', null), eb('owner', 'is not', null)])).execute()).toEqual([]);
    expect(await db.selectFrom('credentials').select('id').where('event_id', '=', eventId).where('revoked_at', 'is', null).execute()).toEqual([]);
    // the statistics stay: every scan keeps its gate, zone, direction, verdict and time
    expect(await db.selectFrom('scans').select(['gate_id', 'zone_id', 'direction', 'verdict', 'scanned_at']).where('event_id', '=', eventId).orderBy('id').execute()).toEqual(scansBefore);
    const audit = (await db.selectFrom('audit_log').select(['type', 'payload']).where('event_id', '=', eventId).execute()).map((r) => r.payload).join('\n');
    for (const gone of [a.email, b.email, 'Privacy alice']) expect(audit).not.toContain(gone);
    expect(await db.selectFrom('audit_log').select('type').where('type', '=', 'privacy.shredded').execute()).toHaveLength(1);

    // by e-mail only the account is left (accounts span events); a second shred removes nothing
    const after = await exportOf(a.email);
    expectStatus(after, 200);
    expect(Object.keys(after.json<PersonExport>())).toEqual(['accounts']);
    const again = (await call(app, admin, 'POST', `${EV}/privacy/shred`, {})).json<ShredReport>();
    for (const [module, o] of Object.entries(again.modules)) expect(Object.values(o.removed).every((n) => n === 0), `${module} ${JSON.stringify(o.removed)}`).toBe(true);
  });

  it('lists what every module holds, why and for how long', async () => {
    const res = await call(app, admin, 'GET', `${EV}/privacy/registrants`);
    expectStatus(res, 200);
    const list = res.json<Array<{ module: string; holds: Array<{ what: string; why: string; retention: string }> }>>();
    expect(list.map((r) => r.module)).toEqual(['accounts', 'people', 'agenda', 'accreditation', 'access', 'faces', 'vehicles', 'logistics', 'notices', 'audit']);
    for (const r of list) {
      expect(r.holds.length).toBeGreaterThan(0);
      // the console shows them in Chinese too
      for (const h of r.holds as Array<{ zh?: { what: string } }>) expect(h.zh?.what, r.module).toMatch(/\p{Script=Han}/u);
    }
  });
});

describe('huiwu privacy', () => {
  let app: TestApp;
  let a: Person;
  const huiwu = (args: string[]): Promise<CliRun> => {
    const target = app.deps.config.database;
    if (target.kind !== 'sqlite') throw new Error('the CLI case runs on SQLite');
    return runHuiwu(args, undefined, { HUIWU_DATABASE_URL: target.file, HUIWU_FILES_DIR: app.deps.config.filesDir, HUIWU_LOG_LEVEL: 'silent', HUIWU_FACE_CHECK: 'off' });
  };

  beforeAll(async () => {
    app = await startTestApp('sqlite');
    const demo = await loadDemoEvent(app);
    const fixtures = await seedFixtures(app, demo.eventId, demo);
    a = await seedPerson(app, demo.eventId, demo, 'carol', 1, ID_A, fixtures);
    await seedPerson(app, demo.eventId, demo, 'dave', 2, ID_B, fixtures);
    const admin = await adminSession(app);
    expectStatus(
      await call(app, admin, 'POST', '/api/v1/events', { slug: 'future-2099', name: { zh: '未来', en: 'Future' }, timezone: 'UTC', startDate: '2099-01-01', endDate: '2099-01-02', languages: ['en'] }),
      201,
    );
  }, 120_000);
  afterAll(async () => {
    await app?.dispose();
  });

  it('export prints one JSON object with a key per module holding data on the person, each a list of records', async () => {
    const res = await huiwu(['privacy', 'export', '--event', 'wic2017', '--person', a.email]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const data = JSON.parse(res.stdout) as PersonExport;
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['people', 'agenda', 'accreditation', 'access', 'faces']));
    for (const records of Object.values(data)) expect(Array.isArray(records)).toBe(true);
    expect(data['people']![0]).toMatchObject({ id: a.guestId, email: a.email });
    expect(res.stdout).not.toContain(ID_B);
  }, 120_000);

  it('export of an unknown person fails with one line and exit 1', async () => {
    const res = await huiwu(['privacy', 'export', '--event', 'wic2017', '--person', 'nobody@privacy.example.org']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toEqual(['error: No guest or account of this event matches person. (person)']);
  }, 120_000);

  it('shred refuses an event that has not ended without --force (one line, exit 1), then shreds an ended one and prints the counts', async () => {
    const early = await huiwu(['privacy', 'shred', '--event', 'future-2099']);
    expect(early.code).toBe(1);
    expect(early.stderr.trim().split('\n')).toHaveLength(1);
    expect(early.stderr).toMatch(/ends on 2099-01-02/);

    const res = await huiwu(['privacy', 'shred', '--event', 'wic2017', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as ShredReport;
    expect(report.modules['agenda']).toEqual({ removed: { stars: 2, calendarFeeds: 2 }, kept: { starredSessions: 2 } });
    expect(report.modules['access']).toEqual({ removed: { scanLinks: 4, presence: 2 }, kept: { scans: 4 } });
    expect(await app.deps.db.selectFrom('guests').select('email').where('id', '=', a.guestId).executeTakeFirstOrThrow()).toEqual({ email: null });

    const text = await huiwu(['privacy', 'shred', '--event', 'wic2017']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('shredded the personal data of wic2017');
    expect(text.stdout).toMatch(/^ {2}agenda: removed stars 0, calendarFeeds 0; kept starredSessions 0$/m);
  }, 120_000);
});

describe.each(databases())('migration 0011 seals the identity numbers stored before (%s)', (kind) => {
  let database: Database | undefined;
  let cleanup: () => Promise<void> = async () => {};
  afterAll(async () => {
    await database?.close();
    await cleanup();
  });

  it('replaces each clear number by its sealed form and keyed hash, which the reads open again', async () => {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'huiwu-privacy-'));
      database = openDatabase({ kind: 'sqlite', file: join(dir, 'old.sqlite') });
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const url = inject('pgUrl')!;
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`create schema ${schema}`);
      await client.end();
      database = openDatabase({ kind: 'postgres', url, schema });
      cleanup = async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      };
    }
    const db = database.db;
    const schema = kind === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s : undefined;
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0011'));
    const old = await new Migrator({ db, provider: { getMigrations: async () => before }, ...(schema ? { migrationTableSchema: schema } : {}) }).migrateToLatest();
    expect(old.error).toBeUndefined();
    const at = '2026-11-01T08:00:00.000Z';
    const event = await db
      .insertInto('events')
      .values({ slug: 'old-2026', name_zh: '旧会', name_en: 'Old summit', timezone: 'Asia/Shanghai', start_date: '2026-11-01', end_date: '2026-11-03', languages: '["zh","en"]', created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const clear = { identity: { type: 'passport', number: ID_A, country: 'CN', expiry: '2027-06-30' }, hotel: { needed: false }, languages: ['zh'] };
    await sql`insert into guests (event_id, name, name_latin, sort_key, language, status, created_at, updated_at, registration)
      values (${event.id}, ${'王伟'}, 'Wang Wei', 'wang wei', 'zh', 'registered', ${at}, ${at}, ${JSON.stringify(clear)})`.execute(db);

    expect(await migrateToLatest(db, migrations)).toContain('0011_people_identity_sealed');
    const row = await db.selectFrom('guests').select(['registration', 'vehicle']).executeTakeFirstOrThrow();
    expect(row.registration).not.toContain(ID_A);
    const stored = JSON.parse(row.registration!) as { identity: Record<string, unknown> };
    expect(Object.keys(stored.identity).sort()).toEqual(['country', 'expiry', 'numberHash', 'numberSealed', 'type']);
    const secret = (await db.selectFrom('settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow()).value;
    expect(registrationOf(row, secret)?.identity).toEqual(clear.identity);
  });
});
