import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream } from '../support/sse.js';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { createFileStore } from '../../src/platform/files/file-store.js';
import { recordPassage } from '../../src/modules/vehicles/record-passage.js';
import { adminSession, call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { bearer, errorOf, expectStatus, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';

const EV = '/api/v1/events/wic2017';
const ANPR = join(import.meta.dirname, '../fixtures/anpr');
const HIKVISION_XML = readFileSync(join(ANPR, 'hikvision_isapi_anpr_event.xml'));
const DAHUA = readFileSync(join(ANPR, 'dahua_rpc_notifyEventStream_TrafficJunction.txt'));
const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The multipart/form-data body a Hikvision camera posts: the XML, then the plate and scene JPEGs. */
function hikvisionMultipart(xml: Buffer, jpegs: Buffer[]): { body: Buffer; contentType: string } {
  const b = '---------------------------7e13971310878';
  const part = (headers: string, content: Buffer) => Buffer.concat([Buffer.from(`--${b}\r\n${headers}\r\n\r\n`), content, Buffer.from('\r\n')]);
  const body = Buffer.concat([
    part('Content-Disposition: form-data; name="anpr.xml"; filename="anpr.xml"\r\nContent-Type: application/xml', xml),
    ...jpegs.map((j, i) => part(`Content-Disposition: form-data; name="${i === 0 ? 'licensePlatePicture.jpg' : 'detectionPicture.jpg'}"; filename="${i}.jpg"\r\nContent-Type: image/jpeg`, j)),
    Buffer.from(`--${b}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${b}` };
}

interface Answer {
  recorded: string;
  reason: string;
  passage: number;
  plate: string | null;
  duplicate: boolean;
}

describe.each(databases())('vehicle entrances (%s)', (kind) => {
  let app: TestApp;
  let organiser: Session;
  let device: string;
  let otherDevice: string;
  let jpegs: Buffer[];

  const post = (camera: string, payload: Buffer | string | object, contentType: string, token = device) =>
    app.app.inject({
      method: 'POST',
      url: `${EV}/cameras/${camera}/anpr`,
      headers: { ...bearer(token), 'content-type': contentType },
      payload: typeof payload === 'object' && !Buffer.isBuffer(payload) ? JSON.stringify(payload) : payload,
    });
  const json = (camera: string, body: object) => post(camera, body, 'application/json');
  const answerOf = (res: Awaited<ReturnType<typeof post>>) => {
    expectStatus(res, 200);
    return res.json<Answer>();
  };
  const passage = (id: number) => app.deps.db.selectFrom('vehicle_passages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    app = await startTestApp(kind);
    await loadDemoEvent(app);
    const admin = await adminSession(app);
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    const account = async (session: Session, slug: string, email: string) => {
      const res = await call(app, session, 'POST', `/api/v1/events/${slug}/accounts`, { email, displayName: 'Gate camera', role: 'device' });
      expectStatus(res, 201);
      return res.json<{ token: string }>().token;
    };
    device = await account(organiser, 'wic2017', 'anpr-1@wic2017.example.org');
    expectStatus(
      await call(app, admin, 'POST', '/api/v1/events', {
        slug: 'other-2018',
        name: { zh: '另一活动', en: 'Other event' },
        timezone: 'UTC',
        startDate: '2018-06-01',
        endDate: '2018-06-02',
        languages: ['en'],
      }),
      201,
    );
    otherDevice = await account(admin, 'other-2018', 'anpr@other.example.org');
    expectStatus(await call(app, organiser, 'POST', `${EV}/zones`, { code: 'PARK', name: { zh: '停车场', en: 'Car park' } }), 201);
    const camera = (code: string, zone: string, kindOf: string, direction = 'entry') =>
      call(app, organiser, 'POST', `${EV}/cameras`, { code, name: { zh: code, en: code }, zone, kind: kindOf, direction });
    const park = await camera('PARK-IN', 'PARK', 'hikvision');
    expectStatus(park, 201);
    expect(park.json<{ ingestPath: string }>().ingestPath).toBe(`${EV}/cameras/PARK-IN/anpr`);
    expectStatus(await camera('VIP-IN', 'VIP', 'dahua'), 201);
    expectStatus(await camera('PARK-OUT', 'PARK', 'json', 'exit'), 201);
    const now = Date.now();
    const permit = async (plate: string, zones: string[], extra: object = {}) => {
      const res = await call(app, organiser, 'POST', `${EV}/vehicle-permits`, { plate, zones, owner: 'Protocol office', ...extra });
      expectStatus(res, 201);
      return res.json<{ id: number }>().id;
    };
    await permit('8369 FQ', ['PARK']);
    await permit('浙Ａ·12345', ['PARK', 'VIP'], { validFrom: iso(now - HOUR), validTo: iso(now + HOUR) });
    await permit('京B80D21', ['VIP']);
    await permit('沪C11111', ['PARK'], { validFrom: iso(now - 3 * HOUR), validTo: iso(now - 2 * HOUR) });
    const revoked = await permit('苏E55555', ['PARK']);
    expectStatus(await call(app, organiser, 'PATCH', `${EV}/vehicle-permits/${revoked}`, { revoked: true, reason: 'Lost' }), 200);
    const scene = (r: number) => sharp({ create: { width: 64, height: 32, channels: 3, background: { r, g: 90, b: 200 } } }).jpeg().toBuffer();
    jpegs = [await scene(10), await scene(200)];
  });
  afterAll(async () => {
    await app?.app.close().catch(() => undefined);
    await app?.dispose();
  });

  it('allows the real Hikvision event posted as multipart with its two JPEGs, and stores both images', async () => {
    const { body, contentType } = hikvisionMultipart(HIKVISION_XML, jpegs);
    const got = answerOf(await post('PARK-IN', body, contentType));
    expect(got).toMatchObject({ recorded: 'allow', reason: 'permit', plate: '8369FQ', duplicate: false });
    const row = await passage(got.passage);
    expect(row).toMatchObject({ plate_read: '8369FQ', payload_kind: 'hikvision', camera_time: '2022-02-10T08:27:40.000Z', decision: 'allow' });
    expect(Number(row.confidence)).toBe(1);
    const keys = JSON.parse(row.image_keys) as string[];
    expect(keys).toHaveLength(2);
    const stored = await createFileStore(app.deps.config.filesDir).open(keys[1]!);
    expect(stored?.size).toBe(jpegs[1]!.length);
    stored?.stream.destroy();
    const image = await call(app, organiser, 'GET', `${EV}/vehicle-passages/${got.passage}/images/0`);
    expectStatus(image, 200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.rawPayload.equals(jpegs[0]!)).toBe(true);
    expect(refusalOf(await call(app, organiser, 'GET', `${EV}/vehicle-passages/${got.passage}/images/2`))).toBe('404 not_found n');
  });

  it('counts the same plate at the same camera within 30 s as one passage, posted again as bare XML', async () => {
    const first = await app.deps.db.selectFrom('vehicle_passages').select('id').where('plate', '=', '8369FQ').executeTakeFirstOrThrow();
    const got = answerOf(await post('PARK-IN', HIKVISION_XML, 'application/xml'));
    expect(got).toMatchObject({ recorded: 'allow', passage: first.id, duplicate: true });
    const row = await passage(first.id);
    expect(row.reports).toBe(2);
    expect(JSON.parse(row.image_keys)).toHaveLength(2);
  });

  it('records a new passage for the same plate 31 s after its last report', async () => {
    const files = createFileStore(app.deps.config.filesDir);
    const later = await recordPassage({ ...app.deps, files }, SYSTEM, (await app.deps.db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow()).id, 'PARK-IN', HIKVISION_XML, 'text/xml', new Date(Date.now() + 31_000));
    expect(later).toMatchObject({ ok: true, value: { recorded: 'allow', duplicate: false } });
    const rows = await app.deps.db.selectFrom('vehicle_passages').select('id').where('plate', '=', '8369FQ').execute();
    expect(rows).toHaveLength(2);
  });

  it('records the real Dahua push (not valid JSON, empty plate) as unread with 200', async () => {
    const got = answerOf(await post('VIP-IN', DAHUA, 'text/plain'));
    expect(got).toMatchObject({ recorded: 'unread', reason: 'no_plate', plate: null });
    expect(await passage(got.passage)).toMatchObject({ payload_kind: 'dahua', camera_time: '2024-01-30T07:34:55.000Z' });
  });

  it('reads the plate of a Dahua push that names one, even with its JSON broken', async () => {
    const text = DAHUA.toString('utf8').replace('"PlateColor": "Unknown",\n                                "Text": ""', '"PlateColor": "Blue",\n                                "Text": "京B80D21"');
    expect(answerOf(await post('VIP-IN', text, 'application/json'))).toMatchObject({ recorded: 'allow', plate: '京B80D21' });
  });

  it('takes the JSON webhook with a base64 image', async () => {
    const got = answerOf(await json('VIP-IN', { plate: '浙A 12345', confidence: 0.93, seenAt: '2026-01-01T08:00:00+08:00', image: jpegs[0]!.toString('base64') }));
    expect(got).toMatchObject({ recorded: 'allow', reason: 'permit', plate: '浙A12345' });
    const row = await passage(got.passage);
    expect(row).toMatchObject({ payload_kind: 'json', camera_time: '2026-01-01T00:00:00.000Z' });
    expect(JSON.parse(row.image_keys)).toHaveLength(1);
  });

  it('records a bare JPEG from a camera without on-board ANPR as unread, with the image', async () => {
    const got = answerOf(await post('PARK-IN', jpegs[1]!, 'image/jpeg'));
    expect(got).toMatchObject({ recorded: 'unread', reason: 'no_plate', plate: null });
    const row = await passage(got.passage);
    expect(row.payload_kind).toBe('image');
    expect(JSON.parse(row.image_keys)).toHaveLength(1);
  });

  it('reads the plate itself when a camera sends only a real plate photo, and decides on it', async () => {
    const crop = readFileSync(join(ANPR, '../plates/images/crop_01.jpg'));
    const permitted = await call(app, organiser, 'POST', `${EV}/vehicle-permits`, { plate: '津B6H920', zones: ['PARK'], owner: 'Transport desk' });
    expectStatus(permitted, 201);
    const got = answerOf(await post('PARK-IN', crop, 'image/jpeg'));
    expect(got).toMatchObject({ recorded: 'allow', reason: 'permit', plate: '津B6H920' });
    expect(await passage(got.passage)).toMatchObject({ payload_kind: 'image' });
  });

  it('decides deny, officer and allow-at-exit with their reasons', async () => {
    const decide = async (camera: string, plate: string) => {
      const a = answerOf(await json(camera, { plate }));
      return `${a.recorded} ${a.reason}`;
    };
    expect(await decide('VIP-IN', '沪Z99999')).toBe('deny no_permit');
    expect(await decide('VIP-IN', '8369FQ')).toBe('deny wrong_zone');
    expect(await decide('PARK-IN', '沪C11111')).toBe('deny outside_window');
    expect(await decide('PARK-IN', '苏E55555')).toBe('deny revoked');
    expect(await decide('VIP-IN', '京B8DD21')).toBe('officer close_match');
    expect(await decide('PARK-IN', '浙A1Z345')).toBe('officer close_match');
    expect(await decide('PARK-OUT', '沪Z99999')).toBe('allow exit');
  });

  it('answers garbage with 200 unreadable and records a flagged passage', async () => {
    for (const [payload, type] of [
      ['hello camera', 'text/plain'],
      ['{"plate":', 'application/json'],
      ['<foo/>', 'application/xml'],
      [Buffer.from([0, 1, 2, 255]), 'application/octet-stream'],
    ] as const) {
      const got = answerOf(await post('PARK-IN', payload, type));
      expect(got).toMatchObject({ recorded: 'unreadable', reason: 'unreadable_payload', plate: null });
      expect(await passage(got.passage)).toMatchObject({ decision: 'unreadable', payload_kind: 'unknown' });
    }
  });

  it('refuses an unknown camera with 404 not_found camera and records nothing', async () => {
    const before = await snapshotDb(app);
    expect(refusalOf(await json('NO-SUCH-CAM', { plate: '浙A12345' }))).toBe('404 not_found camera');
    expect(await snapshotDb(app)).toEqual(before);
  });

  it("refuses a device token of another event with 403, and no token with 401", async () => {
    // the token's last use is written even when refused: the passages are what must stay untouched
    const before = await app.deps.db.selectFrom('vehicle_passages').selectAll().execute();
    expect(refusalOf(await post('PARK-IN', JSON.stringify({ plate: '浙A12345' }), 'application/json', otherDevice))).toBe('403 forbidden -');
    const anonymous = await app.app.inject({ method: 'POST', url: `${EV}/cameras/PARK-IN/anpr`, headers: { 'content-type': 'application/json' }, payload: '{"plate":"x"}' });
    expect(refusalOf(anonymous)).toBe('401 unauthenticated -');
    expect(await app.deps.db.selectFrom('vehicle_passages').selectAll().execute()).toEqual(before);
  });

  it('refuses a camera bound to another device account with 403 camera_device_mismatch', async () => {
    const res = await call(app, organiser, 'POST', `${EV}/cameras`, { code: 'BOUND', name: { zh: '绑定', en: 'Bound' }, zone: 'PARK', kind: 'json', device: 'someone-else@wic2017.example.org' });
    expect(refusalOf(res)).toBe('404 camera_device_unknown device');
    const second = await call(app, organiser, 'POST', `${EV}/accounts`, { email: 'anpr-2@wic2017.example.org', displayName: 'Camera 2', role: 'device' });
    expectStatus(second, 201);
    expectStatus(await call(app, organiser, 'POST', `${EV}/cameras`, { code: 'BOUND', name: { zh: '绑定', en: 'Bound' }, zone: 'PARK', kind: 'json', device: 'anpr-2@wic2017.example.org' }), 201);
    expect(refusalOf(await json('BOUND', { plate: '浙A12345' }))).toBe('403 camera_device_mismatch camera');
    expect(answerOf(await post('BOUND', JSON.stringify({ plate: '浙A12345' }), 'application/json', second.json<{ token: string }>().token)).recorded).toBe('allow');
  });

  it('refuses revoking a permit twice with 409 and a camera code the event has with 409', async () => {
    const permit = await app.deps.db.selectFrom('vehicle_permits').select('id').where('plate', '=', '苏E55555').executeTakeFirstOrThrow();
    expect(refusalOf(await call(app, organiser, 'PATCH', `${EV}/vehicle-permits/${permit.id}`, { revoked: true }))).toBe('409 permit_revoked revoked');
    const again = await call(app, organiser, 'POST', `${EV}/cameras`, { code: 'PARK-IN', name: { zh: '重复', en: 'Again' }, zone: 'PARK', kind: 'json' });
    expect(refusalOf(again)).toBe('409 code_taken code');
  });

  it('refuses a camera post over 8 MB with 413 body_too_large', async () => {
    expect(refusalOf(await post('PARK-IN', Buffer.alloc(8 * 1024 * 1024 + 1), 'application/octet-stream'))).toBe('413 body_too_large body');
  });

  it('lists passages newest first, filtered by camera and decision', async () => {
    const res = await call(app, organiser, 'GET', `${EV}/vehicle-passages?camera=PARK-IN&decision=deny`);
    expectStatus(res, 200);
    const list = res.json<Array<{ camera: string; decision: string; reason: string; lastSeenAt: string }>>();
    expect(list.map((p) => p.reason)).toEqual(['revoked', 'outside_window']);
    const all = (await call(app, organiser, 'GET', `${EV}/vehicle-passages`)).json<Array<{ lastSeenAt: string }>>();
    expect(all.map((p) => p.lastSeenAt)).toEqual([...all.map((p) => p.lastSeenAt)].sort().reverse());
    const since = await call(app, organiser, 'GET', `${EV}/vehicle-passages?since=${encodeURIComponent(all[0]!.lastSeenAt)}`);
    expect(since.json()).toEqual([]);
  });

  it('refuses a CSV import with wrong rows, naming each, and writes nothing', async () => {
    const before = await snapshotDb(app);
    const csv = ['plate,type,owner,zones,from,to', '浙A88888,car,Delegation of France,PARK;VIP,,', ',car,Nobody,PARK,,', '浙A77777,spaceship,X,PARK,,', '浙A66666,car,X,MOON,,', '浙A55555,car,X,PARK,2026-01-02T00:00:00Z,2026-01-01T00:00:00Z'].join('\n');
    const res = await call(app, organiser, 'POST', `${EV}/vehicle-permits/import`, { csv }, { 'accept-language': 'zh-CN' });
    expect(refusalOf(res)).toBe('400 permit_import_rows csv');
    expect(res.json<{ rows: Array<{ row: number; field: string; code: string }> }>().rows.map((r) => `${r.row} ${r.code} ${r.field}`)).toEqual([
      '3 validation plate',
      '4 validation type',
      '5 permit_zone_unknown zones',
      '6 ends_before_start to',
    ]);
    expect(errorOf(res).message).toContain('4');
    expect(await snapshotDb(app)).toEqual(before);
  });

  it('imports a correct CSV file', async () => {
    const csv = '\uFEFFplate,type,owner,zones,from,to\n浙A88888,car,Delegation of France,PARK;VIP,,\n粤B12345F,bus,Shuttle,PARK,2017-12-03T00:00:00Z,2027-12-06T00:00:00Z\n';
    const res = await call(app, organiser, 'POST', `${EV}/vehicle-permits/import`, { csv });
    expectStatus(res, 200);
    expect(res.json()).toEqual({ imported: 2 });
    const list = (await call(app, organiser, 'GET', `${EV}/vehicle-permits`)).json<Array<{ plate: string; chinesePlate: boolean; zones: string[] }>>();
    expect(list.find((p) => p.plate === '粤B12345F')).toMatchObject({ chinesePlate: true, zones: ['PARK'] });
    expect(list.find((p) => p.plate === '8369FQ')).toMatchObject({ chinesePlate: false });
    expect(answerOf(await json('VIP-IN', { plate: '浙A88888' })).recorded).toBe('allow');
  });

  it('pushes each passage to the live console over SSE as the camera reports it, a repeat again with its count', async () => {
    const base = await app.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openStream<{ id: number; plate: string; decision: string; camera: string; reports: number }>(base, `${EV}/vehicle-passages/stream`, organiser.cookie);
    try {
      expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await stream.waitFor(1);
      expect(stream.events[0]!.event).toBe('ready');
      const first = answerOf(await json('PARK-OUT', { plate: '浙A5E5E5' }));
      const pushed = await stream.waitFor(2);
      expect(stream.events[1]!.event).toBe('passage');
      expect(pushed).toMatchObject({ id: first.passage, plate: '浙A5E5E5', decision: first.recorded, camera: 'PARK-OUT', reports: 1 });
      // the same plate within 30 s is the same passage, pushed again with its new count
      answerOf(await json('PARK-OUT', { plate: '浙A5E5E5' }));
      expect(await stream.waitFor(3)).toMatchObject({ id: first.passage, reports: 2 });
    } finally {
      stream.close();
    }
  });
});
