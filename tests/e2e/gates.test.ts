import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64Url, toBase64Url } from '../../src/engines/gate/credential.js';
import { decide, indexBundle, type GateState } from '../../src/engines/gate/decide.js';
import { GateBundle, type ScanResult } from '../../src/modules/access/access.schema.js';
import { BUNDLE_TTL_MS } from '../../src/modules/access/build-gate-bundle.js';
import { buildGateBundle, recordScans } from '../../src/modules/access/index.js';
import { issueCredential, signCredential } from '../../src/modules/accreditation/index.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { adminSession, call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { bearer, expectStatus, idOf, loadDemoEvent, type DemoIds } from '../support/fixtures.js';
import { withSteppedClock } from '../support/clock.js';

const EV = '/api/v1/events/wic2017';
/** 10:00 in Wuzhen on 4 December 2017, the second day: no session in the main hall, media no longer in it */
const DAY2 = '2017-12-04T02:00:00.000Z';
const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

interface Accredited {
  guestId: number;
  credential: string;
  credentialId: number;
}

describe.each(databases())('gate station API on %s', (kind) => {
  let app: TestApp;
  let demo: DemoIds;
  let organiser: Session;
  let deviceToken: string;
  let otherDeviceToken: string;
  let otherEventId: number;
  const categories = new Map<string, number>();
  let forumD: { startsAt: string };

  /** An approved guest of a category, with a current credential issued before the event (the clock set back). */
  const accredited = async (category: string, extra: { userId?: number; photo?: boolean } = {}): Promise<Accredited> => {
    const now = new Date().toISOString();
    const n = randomUUID().slice(0, 8);
    const row = await app.deps.db
      .insertInto('guests')
      .values({
        event_id: demo.eventId,
        name: `李${n}`,
        name_latin: `Li ${n}`,
        sort_key: `li ${n}`,
        organisation: 'CAICT',
        language: 'zh',
        status: 'approved',
        category_id: idOf(Object.fromEntries(categories), category),
        user_id: extra.userId ?? null,
        photo_key: extra.photo ? `guests/${n}.jpg` : null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { guestId: row.id, ...(await issue(row.id)) };
  };
  const issue = async (guestId: number, reason?: string) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2017-11-20T00:00:00Z'));
    try {
      const issued = await issueCredential(app.deps, SYSTEM, demo.eventId, guestId, reason);
      if (!issued.ok) throw new Error(issued.code);
      return { credential: issued.value.payload, credentialId: issued.value.credentialId };
    } finally {
      vi.useRealTimers();
    }
  };

  const scanBody = (credential: string, gate: string, scannedAt: string, extra: object = {}) => ({
    credential,
    gate,
    direction: 'entry',
    nonce: randomUUID(),
    scannedAt,
    ...extra,
  });
  const post = (body: unknown, auth: Record<string, string> = bearer(deviceToken)) => call(app, null, 'POST', `${EV}/scans`, body, auth);
  const scan = async (credential: string, gate: string, scannedAt: string, extra: object = {}): Promise<ScanResult> => {
    const res = await post(scanBody(credential, gate, scannedAt, extra));
    expectStatus(res, 200);
    return res.json<ScanResult>();
  };
  const presenceOf = (guestId: number) =>
    app.deps.db
      .selectFrom('presence')
      .innerJoin('zones', 'zones.id', 'presence.zone_id')
      .innerJoin('gates', 'gates.id', 'presence.gate_id')
      .select(['zones.code as zone', 'gates.code as gate', 'presence.since'])
      .where('presence.guest_id', '=', guestId)
      .execute();
  const scansOf = (guestId: number) =>
    app.deps.db.selectFrom('scans').selectAll().where('guest_id', '=', guestId).orderBy('scanned_at').orderBy('id').execute();

  beforeAll(async () => {
    app = await startTestApp(kind);
    demo = await loadDemoEvent(app);
    const admin = await adminSession(app);
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    for (const c of await app.deps.db.selectFrom('categories').select(['id', 'code']).where('event_id', '=', demo.eventId).execute())
      categories.set(c.code, c.id);

    const device = await call(app, organiser, 'POST', `${EV}/accounts`, {
      email: 'gate-tablet-1@wic2017.example.org',
      displayName: 'Gate tablet 1',
      role: 'device',
    });
    expectStatus(device, 201);
    deviceToken = device.json<{ token: string }>().token;

    const other = await call(app, admin, 'POST', '/api/v1/events', {
      slug: 'other-summit',
      name: { zh: '另一峰会', en: 'Other summit' },
      timezone: 'Europe/Berlin',
      startDate: '2017-12-03',
      endDate: '2017-12-05',
      languages: ['en'],
    });
    expectStatus(other, 201);
    otherEventId = (await app.deps.db.selectFrom('events').select('id').where('slug', '=', 'other-summit').executeTakeFirstOrThrow()).id;
    const otherDevice = await call(app, admin, 'POST', '/api/v1/events/other-summit/accounts', {
      email: 'gate-other@example.org',
      displayName: 'Other tablet',
      role: 'device',
    });
    expectStatus(otherDevice, 201);
    otherDeviceToken = otherDevice.json<{ token: string }>().token;

    // a tiny Forum Hall D, so its next session fills up at once
    await app.deps.db.updateTable('rooms').set({ capacity: 1 }).where('id', '=', idOf(demo.rooms, 'forum-d')).execute();
    const session = await app.deps.db
      .selectFrom('sessions')
      .select(['starts_at'])
      .where('room_id', '=', idOf(demo.rooms, 'forum-d'))
      .orderBy('starts_at')
      .executeTakeFirstOrThrow();
    forumD = { startsAt: session.starts_at };
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('admits an accredited VIP at the main hall and names them, with the photo address', async () => {
    const vip = await accredited('vip', { photo: true });
    const result = await scan(vip.credential, 'MAIN-1', DAY2);
    expect(result).toMatchObject({ verdict: 'admit', code: 'admitted', duplicate: false, conflict: null });
    expect(result.person).toMatchObject({
      guestId: vip.guestId,
      organisation: 'CAICT',
      category: { code: 'vip', name: { zh: '贵宾', en: 'VIP' } },
      photoUrl: `/api/v1/events/wic2017/guests/${vip.guestId}/photo`,
    });
    expect(await presenceOf(vip.guestId)).toEqual([{ zone: 'MAIN', gate: 'MAIN-1', since: DAY2 }]);
    const [row] = await scansOf(vip.guestId);
    expect(row).toMatchObject({
      verdict: 'admit',
      code: 'admitted',
      direction: 'entry',
      credential_id: vip.credentialId,
      offline: 0,
      scanned_at: DAY2,
    });
    const device = await app.deps.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'gate-tablet-1@wic2017.example.org')
      .executeTakeFirstOrThrow();
    expect(row?.device_user_id).toBe(device.id);
  });

  it('announces every recorded scan on the bus as gate.scanned (and so in the audit log)', async () => {
    const vip = await accredited('vip');
    await scan(vip.credential, 'VIP-1', DAY2);
    const [row] = await scansOf(vip.guestId);
    const audit = await app.deps.db
      .selectFrom('audit_log')
      .select('payload')
      .where('type', '=', 'gate.scanned')
      .where('event_id', '=', demo.eventId)
      .execute();
    const payloads = audit.map((a) => JSON.parse(a.payload) as Record<string, unknown>);
    expect(payloads).toContainEqual({
      scanId: row?.id,
      guestId: vip.guestId,
      gateId: row?.gate_id,
      zoneId: row?.zone_id,
      direction: 'entry',
      verdict: 'admit',
      code: 'admitted',
      scannedAt: DAY2,
    });
  });

  it('refuses a driver at the main hall as wrong_zone and lets them into the town', async () => {
    const driver = await accredited('driver');
    expect(await scan(driver.credential, 'MAIN-2', DAY2)).toMatchObject({
      verdict: 'refuse',
      code: 'wrong_zone',
      person: { guestId: driver.guestId },
    });
    expect(await presenceOf(driver.guestId)).toEqual([]);
  });

  it('admits media to the main hall on the opening morning only: outside_window on the second day', async () => {
    const media = await accredited('media');
    expect(await scan(media.credential, 'MAIN-3', DAY2)).toMatchObject({ verdict: 'refuse', code: 'outside_window' });
    expect(await scan(media.credential, 'MAIN-3', '2017-12-03T00:30:00.000Z')).toMatchObject({ verdict: 'admit', code: 'admitted' });
    expect(await scan(media.credential, 'PRESS-1', DAY2)).toMatchObject({ verdict: 'admit', code: 'admitted' });
  });

  it('refuses the old badge as revoked once it is reprinted, and admits the new one', async () => {
    const guest = await accredited('guest');
    const reprint = await issue(guest.guestId, 'lost badge');
    expect(await scan(guest.credential, 'EXPO-N', DAY2)).toMatchObject({
      verdict: 'refuse',
      code: 'revoked',
      person: { guestId: guest.guestId },
    });
    expect(await scan(reprint.credential, 'EXPO-N', DAY2)).toMatchObject({ verdict: 'admit', code: 'admitted' });
    const bundle = await buildGateBundle(app.deps, demo.eventId);
    expect(bundle.revoked).toContain(guest.credentialId);
    expect(bundle.people.find((p) => p.guestId === guest.guestId)?.credentialId).toBe(reprint.credentialId);
  });

  it('refuses a forged signature, a truncated and a malformed code, without naming anyone', async () => {
    const vip = await accredited('vip');
    const bytes = fromBase64Url(vip.credential.slice(4))!;
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x55;
    const forged = `HW1.${toBase64Url(bytes)}`;
    expect(await scan(forged, 'MAIN-1', DAY2)).toMatchObject({ verdict: 'refuse', code: 'bad_signature', person: null });
    expect(await scan(vip.credential.slice(0, 70), 'MAIN-1', DAY2)).toMatchObject({ verdict: 'refuse', code: 'truncated', person: null });
    expect(await scan('https://example.org/not-a-badge', 'MAIN-1', DAY2)).toMatchObject({
      verdict: 'refuse',
      code: 'malformed',
      person: null,
    });
    expect(await scan(`HW9.${vip.credential.slice(4)}`, 'MAIN-1', DAY2)).toMatchObject({ verdict: 'refuse', code: 'unknown_version' });
    expect(await presenceOf(vip.guestId)).toEqual([]);
  });

  it('refuses a badge after its expiry (the day after the event) and a badge of another event', async () => {
    const vip = await accredited('vip');
    expect(await scan(vip.credential, 'MAIN-1', '2017-12-07T01:00:00.000Z')).toMatchObject({ verdict: 'refuse', code: 'expired' });
    const foreign = await signCredential(app.deps, {
      eventId: otherEventId,
      credentialId: vip.credentialId,
      guestId: vip.guestId,
      categoryId: idOf(Object.fromEntries(categories), 'vip'),
      issuedAt: 1511136000,
      expiresAt: 1512604800,
    });
    expect(await scan(foreign, 'MAIN-1', DAY2)).toMatchObject({ verdict: 'refuse', code: 'wrong_event', person: null });
  });

  it('refuses an unknown gate and a guest who is no longer approved', async () => {
    const vip = await accredited('vip');
    expect(await scan(vip.credential, 'NO-SUCH-GATE', DAY2)).toMatchObject({ verdict: 'refuse', code: 'unknown_gate' });
    await app.deps.db.updateTable('guests').set({ status: 'cancelled' }).where('id', '=', vip.guestId).execute();
    await app.deps.bus.publish({ type: 'guest.updated', eventId: demo.eventId, payload: { guestId: vip.guestId } });
    expect(await scan(vip.credential, 'MAIN-1', DAY2)).toMatchObject({
      verdict: 'refuse',
      code: 'not_accredited',
      person: { guestId: vip.guestId },
    });
  });

  it('answers a replayed nonce with the original answer, one row, presence applied once', async () => {
    const vip = await accredited('vip');
    const body = scanBody(vip.credential, 'MAIN-4', DAY2);
    const first = await post(body);
    const again = await post(body);
    expectStatus(again, 200);
    expect(again.json()).toEqual({ ...first.json<ScanResult>(), duplicate: true });
    // replayed after the guest left: still the stored answer, and the exit stands
    expect(await scan(vip.credential, 'MAIN-4', at(DAY2, 30), { direction: 'exit' })).toMatchObject({ verdict: 'admit', code: 'admitted' });
    expect((await post(body)).json()).toMatchObject({ verdict: 'admit', code: 'admitted', duplicate: true });
    expect(await scansOf(vip.guestId)).toHaveLength(2);
    expect(await presenceOf(vip.guestId)).toEqual([]);
  });

  it('applies identical uploads sent at the same time once', async () => {
    const vip = await accredited('vip');
    const batch = [
      scanBody(vip.credential, 'MAIN-5', DAY2),
      scanBody(vip.credential, 'MAIN-5', at(DAY2, 60), { direction: 'exit' }),
      scanBody(vip.credential, 'MAIN-6', at(DAY2, 90)),
    ];
    const answers = await Promise.all([post(batch), post(batch), post(batch)]);
    for (const a of answers) expectStatus(a, 200);
    const fresh = answers.map((a) => a.json<ScanResult[]>().filter((r) => !r.duplicate).length);
    expect(fresh.sort()).toEqual([0, 0, 3]);
    expect(await scansOf(vip.guestId)).toHaveLength(3);
    expect(await presenceOf(vip.guestId)).toEqual([{ zone: 'MAIN', gate: 'MAIN-6', since: at(DAY2, 90) }]);
  });

  it('refuses a second entry while inside (anti-passback), and admits again after the exit', async () => {
    const guest = await accredited('guest');
    expect((await scan(guest.credential, 'MAIN-1', DAY2)).code).toBe('admitted');
    expect(await scan(guest.credential, 'MAIN-2', at(DAY2, 1))).toMatchObject({ verdict: 'refuse', code: 'already_inside' });
    expect(await scan(guest.credential, 'MAIN-2', at(DAY2, 20), { direction: 'exit' })).toMatchObject({
      verdict: 'admit',
      code: 'admitted',
    });
    expect(await presenceOf(guest.guestId)).toEqual([]);
    expect(await scan(guest.credential, 'MAIN-2', at(DAY2, 25), { direction: 'exit' })).toMatchObject({
      verdict: 'admit',
      code: 'not_inside',
    });
    expect(await scan(guest.credential, 'MAIN-3', at(DAY2, 40))).toMatchObject({ verdict: 'admit', code: 'admitted' });
    expect(await presenceOf(guest.guestId)).toEqual([{ zone: 'MAIN', gate: 'MAIN-3', since: at(DAY2, 40) }]);
  });

  it('keeps the closed-door room F15 to its invitation list while it runs', async () => {
    const f15 = await app.deps.db
      .selectFrom('sessions')
      .select(['id', 'starts_at'])
      .where('id', '=', idOf(demo.sessions, 'F15'))
      .executeTakeFirstOrThrow();
    const user = await app.deps.db
      .insertInto('users')
      .values({
        email: `invitee-${randomUUID()}@example.org`,
        password_hash: null,
        display_name: 'Invitee',
        locale: 'en',
        disabled: 0,
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await app.deps.db.insertInto('session_invitations').values({ session_id: f15.id, user_id: user.id }).execute();
    const invited = await accredited('vip', { userId: user.id });
    const uninvited = await accredited('vip');
    const during = at(f15.starts_at, 10);
    expect(await scan(uninvited.credential, 'CLOSED-1', during)).toMatchObject({ verdict: 'refuse', code: 'not_invited' });
    expect(await scan(invited.credential, 'CLOSED-1', during)).toMatchObject({ verdict: 'admit', code: 'admitted' });
    // before the doors open (30 minutes ahead) the room is an ordinary closed zone
    expect(await scan(uninvited.credential, 'CLOSED-1', at(f15.starts_at, -60))).toMatchObject({ verdict: 'admit', code: 'admitted' });
  });

  it('refuses entries beyond the room capacity while its session runs as session_full', async () => {
    const first = await accredited('guest');
    const second = await accredited('guest');
    const during = at(forumD.startsAt, 5);
    expect(await scan(first.credential, 'FORUM-D', during)).toMatchObject({ verdict: 'admit', code: 'admitted' });
    expect(await scan(second.credential, 'FORUM-D', at(during, 1))).toMatchObject({ verdict: 'refuse', code: 'session_full' });
    expect(await scan(first.credential, 'FORUM-D', at(during, 2), { direction: 'exit' })).toMatchObject({ verdict: 'admit' });
    expect(await scan(second.credential, 'FORUM-D', at(during, 3))).toMatchObject({ verdict: 'admit', code: 'admitted' });
  });

  it('replays an offline queue in the order it happened, whatever order it arrives in', async () => {
    const guest = await accredited('guest');
    const queue = [
      scanBody(guest.credential, 'MAIN-1', DAY2, { offlineVerdict: 'admit' }),
      scanBody(guest.credential, 'MAIN-1', at(DAY2, 60), { direction: 'exit', offlineVerdict: 'admit' }),
      scanBody(guest.credential, 'MAIN-2', at(DAY2, 120), { offlineVerdict: 'admit' }),
    ];
    const res = await post([...queue].reverse());
    expectStatus(res, 200);
    const answers = res.json<ScanResult[]>();
    expect(answers.map((a) => a.nonce)).toEqual([...queue].reverse().map((q) => q.nonce));
    expect(answers.map((a) => [a.verdict, a.code, a.conflict])).toEqual([
      ['admit', 'admitted', null],
      ['admit', 'admitted', null],
      ['admit', 'admitted', null],
    ]);
    expect(await presenceOf(guest.guestId)).toEqual([{ zone: 'MAIN', gate: 'MAIN-2', since: at(DAY2, 120) }]);
    expect((await scansOf(guest.guestId)).map((s) => s.offline)).toEqual([1, 1, 1]);
  });

  it('flags the same badge entering at two gates while both stations were offline', async () => {
    const vip = await accredited('vip');
    const stationA = await post([scanBody(vip.credential, 'MAIN-1', DAY2, { offlineVerdict: 'admit' })]);
    expect(stationA.json<ScanResult[]>()[0]).toMatchObject({ verdict: 'admit', code: 'admitted', conflict: null });
    const stationB = await post([scanBody(vip.credential, 'MAIN-5', at(DAY2, 3), { offlineVerdict: 'admit' })]);
    // it happened (the person went in), the server says why it would not have let them, and flags it
    expect(stationB.json<ScanResult[]>()[0]).toMatchObject({ verdict: 'admit', code: 'already_inside', conflict: 'entered_elsewhere' });
    const rows = await scansOf(vip.guestId);
    expect(rows.map((r) => [r.verdict, r.conflict])).toEqual([
      ['admit', null],
      ['admit', 'entered_elsewhere'],
    ]);
    // a station that refused what the server would admit is a disagreement, not a second entry
    const guest = await accredited('guest');
    expect((await post([scanBody(guest.credential, 'EXPO-S', DAY2, { offlineVerdict: 'refuse' })])).json<ScanResult[]>()[0]).toMatchObject({
      verdict: 'refuse',
      code: 'admitted',
      conflict: 'verdict_differs',
    });
    expect(await presenceOf(guest.guestId)).toEqual([]);
  });

  it('takes a scan time ahead of the server back to when the scan arrived, so a wrong clock cannot outrank later scans', async () => {
    const vip = await accredited('vip');
    const before = new Date().toISOString();
    // the badge expired in 2017: at the server's time the refusal is `expired`, whatever the station claims
    expect(await scan(vip.credential, 'VIP-1', '2099-01-01T00:00:00.000Z')).toMatchObject({ verdict: 'refuse', code: 'expired' });
    const [row] = await scansOf(vip.guestId);
    expect(row!.scanned_at >= before && row!.scanned_at <= new Date().toISOString()).toBe(true);
    expect(row!.scanned_at).toBe(row!.received_at);
  });

  it('flags the two-gate entry whichever station uploads first, and keeps the later entry as where the badge is', async () => {
    const vip = await accredited('vip');
    const later = await post([scanBody(vip.credential, 'MAIN-5', at(DAY2, 3), { offlineVerdict: 'admit' })]);
    expect(later.json<ScanResult[]>()[0]).toMatchObject({ verdict: 'admit', code: 'admitted', conflict: null });
    const earlier = await post([scanBody(vip.credential, 'MAIN-1', DAY2, { offlineVerdict: 'admit' })]);
    expect(earlier.json<ScanResult[]>()[0]).toMatchObject({ verdict: 'admit', conflict: 'entered_elsewhere' });
    expect(await presenceOf(vip.guestId)).toEqual([{ zone: 'MAIN', gate: 'MAIN-5', since: at(DAY2, 3) }]);
  });

  it('serves the bundle with an ETag, 304 while nothing changed and a new version after a change', async () => {
    const first = await call(app, null, 'GET', `${EV}/gate-bundle`, undefined, bearer(deviceToken));
    expectStatus(first, 200);
    const bundle = GateBundle.parse(first.json());
    expect(first.headers.etag).toBe(`"${bundle.version}"`);
    expect(bundle.event).toMatchObject({ slug: 'wic2017', timezone: 'Asia/Shanghai' });
    expect(fromBase64Url(bundle.publicKey)).toHaveLength(32);
    expect(bundle.gates.map((g) => g.code)).toContain('CLOSED-1');
    expect(bundle.categories.find((c) => c.code === 'media')?.zones.length).toBeGreaterThan(1);
    expect(bundle.sessions.find((s) => s.code === 'F15')).toMatchObject({ invitationOnly: true, capacity: 60 });
    const notModified = await call(app, null, 'GET', `${EV}/gate-bundle`, undefined, {
      ...bearer(deviceToken),
      'if-none-match': String(first.headers.etag),
    });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    const gzipped = await call(app, null, 'GET', `${EV}/gate-bundle`, undefined, { ...bearer(deviceToken), 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString()).version).toBe(bundle.version);

    const added = await accredited('speaker');
    const changed = await call(app, null, 'GET', `${EV}/gate-bundle`, undefined, {
      ...bearer(deviceToken),
      'if-none-match': String(first.headers.etag),
    });
    expectStatus(changed, 200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    expect(changed.json<GateBundle>().people.map((p) => p.guestId)).toContain(added.guestId);
  });

  it('picks up a change made without the bus (a CLI run, another installation process) once the cache expires', async () => {
    const get = () => call(app, null, 'GET', `${EV}/gate-bundle`, undefined, bearer(deviceToken));
    await withSteppedClock(app.deps, async (clock) => {
      // a bus event first, so the cached bundle is built afresh at the stepped clock's time
      await app.deps.bus.publish({ type: 'accreditation.gate_saved', eventId: demo.eventId, payload: {} });
      const before = (await get()).json<GateBundle>();
      await app.deps.db
        .updateTable('gates')
        .set({ name_en: 'Main Hall gate 6 (north)' })
        .where('event_id', '=', demo.eventId)
        .where('code', '=', 'MAIN-6')
        .execute();
      clock.step(BUNDLE_TTL_MS - 1);
      expect((await get()).json<GateBundle>().version).toBe(before.version);
      clock.step(1);
      const after = (await get()).json<GateBundle>();
      expect(after.version).not.toBe(before.version);
      expect(after.gates.find((g) => g.code === 'MAIN-6')?.name.en).toBe('Main Hall gate 6 (north)');
    });
  });

  it('lists only approved guests with a current credential, and who is inside', async () => {
    const bundle = await buildGateBundle(app.deps, demo.eventId);
    const ids = new Set(bundle.people.map((p) => p.guestId));
    const rows = await app.deps.db.selectFrom('guests').select(['id', 'status']).where('event_id', '=', demo.eventId).execute();
    for (const r of rows) if (r.status !== 'approved') expect(ids.has(r.id)).toBe(false);
    const inside = await app.deps.db.selectFrom('presence').select(['guest_id', 'zone_id']).where('event_id', '=', demo.eventId).execute();
    expect(bundle.inside).toHaveLength(inside.length);
  });

  it("takes this event's device token and refuses another event's with 403", async () => {
    const vip = await accredited('vip');
    expectStatus(await call(app, null, 'GET', `${EV}/gate-bundle`, undefined, bearer(otherDeviceToken)), 403);
    const refused = await post(scanBody(vip.credential, 'VIP-1', DAY2), bearer(otherDeviceToken));
    expectStatus(refused, 403);
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(await scansOf(vip.guestId)).toEqual([]);
    expectStatus(await call(app, null, 'GET', '/api/v1/events/other-summit/gate-bundle', undefined, bearer(otherDeviceToken)), 200);
  });

  it('lets the organiser scan from the console session too (CSRF-protected)', async () => {
    const vip = await accredited('vip');
    const res = await call(app, organiser, 'POST', `${EV}/scans`, scanBody(vip.credential, 'PRESS-1', DAY2));
    expectStatus(res, 200);
    expect(res.json()).toMatchObject({ verdict: 'admit' });
  });

  it('gives the same verdicts as a station deciding offline from the downloaded bundle with the browser library', async () => {
    const [vip, driver, media, reprinted] = [
      await accredited('vip'),
      await accredited('driver'),
      await accredited('media'),
      await accredited('guest'),
    ];
    await issue(reprinted.guestId, 'lost badge');
    const res = await call(app, null, 'GET', `${EV}/gate-bundle`, undefined, bearer(deviceToken));
    const bundle = GateBundle.parse(res.json());
    const key = fromBase64Url(bundle.publicKey)!;
    const index = indexBundle(bundle);
    const nobody: GateState = { isInside: () => false, insideCount: () => 0 };
    const cases: Array<[string, string, string]> = [
      [vip.credential, 'VIP-1', DAY2],
      [driver.credential, 'MAIN-1', DAY2],
      [media.credential, 'MAIN-1', DAY2],
      [media.credential, 'PRESS-1', DAY2],
      [reprinted.credential, 'EXPO-N', DAY2],
      [vip.credential.slice(0, -3) + 'AAA', 'MAIN-1', DAY2],
      [vip.credential, 'MAIN-1', '2017-12-08T00:00:00.000Z'],
    ];
    for (const [credential, gate, when] of cases) {
      const offline = decide(index, nobody, { credential, gate, direction: 'entry', at: new Date(when) }, (m, sig) =>
        ed25519.verify(sig, m, key),
      );
      const online = await scan(credential, gate, when);
      expect([gate, online.verdict, online.code]).toEqual([gate, offline.verdict, offline.code]);
    }
  });

  it('documents both station routes in the OpenAPI document as the stable station API', async () => {
    const doc = (await call(app, null, 'GET', '/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, { description: string; requestBody?: { content: Record<string, { schema: unknown }> } }>>;
    }>();
    const bundle = doc.paths['/api/v1/events/{slug}/gate-bundle']!.get!;
    const scans = doc.paths['/api/v1/events/{slug}/scans']!.post!;
    expect(bundle.description).toMatch(/stable station API/);
    expect(bundle.description).toMatch(/If-None-Match/);
    expect(scans.description).toMatch(/stable station API/);
    expect(scans.description).toMatch(/exactly once/);
    expect(JSON.stringify(scans.requestBody?.content['application/json']?.schema)).toContain(
      '"required":["credential","gate","direction","nonce","scannedAt"]',
    );
  });

  it('records scans through the exported use case as the bench and demo do', async () => {
    const vip = await accredited('vip');
    const result = await recordScans(app.deps, SYSTEM, demo.eventId, [
      scanBody(vip.credential, 'VIP-1', DAY2) as Parameters<typeof recordScans>[3][number],
    ]);
    expect(result.ok && result.value[0]).toMatchObject({ verdict: 'admit', code: 'admitted' });
  });
});
