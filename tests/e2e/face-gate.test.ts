import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/modules/accreditation/index.js';
import { FACE_MIN_MARGIN, type FaceCheckView } from '../../src/modules/faces/check-face.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { adminSession, call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { bearer, expectStatus, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';
import { FACES_DIR, facePortrait, gateFrame, HAVE_FACES, needingFaces, photoUpload, registrationForm, seedGuest } from '../support/registration-fixture.js';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';

const EV = '/api/v1/events/wic2017';
const token = (name: string) => `tok-facegate-${name}-`.padEnd(43, 'x');
/** enrolled from their first photo; probed with their second */
const ENROLLED = ['sheldon', 'leonard', 'penny', 'raj', 'howard'] as const;

type Check = FaceCheckView;

describe.skipIf(!HAVE_FACES).each(databases())(needingFaces('face checks at the gate (%s)'), (kind) => {
  let app: TestApp;
  let organiser: Session;
  let deviceToken: string;
  let otherDeviceToken: string;
  let eventId: number;
  const ids: Record<string, number> = {};
  const post = (image: Buffer | string, query = '', type = 'image/jpeg', auth: Record<string, string> = bearer(deviceToken)) =>
    app.app.inject({ method: 'POST', url: `${EV}/face-checks${query}`, payload: image, headers: { 'content-type': type, ...auth } });
  const check = async (image: Buffer, query = ''): Promise<Check> => {
    const res = await post(image, query);
    expectStatus(res, 200);
    return res.json<Check>();
  };

  beforeAll(async () => {
    app = await startTestApp(kind);
    eventId = (await loadDemoEvent(app)).eventId;
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    const admin = await adminSession(app);
    const device = await call(app, organiser, 'POST', `${EV}/accounts`, { email: 'face-gate@wic2017.example.org', displayName: 'Face lane', role: 'device' });
    expectStatus(device, 201);
    deviceToken = device.json<{ token: string }>().token;
    expectStatus(
      await call(app, admin, 'POST', '/api/v1/events', { slug: 'face-other', name: { zh: '另一会', en: 'Other' }, timezone: 'UTC', startDate: '2017-12-03', endDate: '2017-12-05', languages: ['en'] }),
      201,
    );
    const other = await call(app, admin, 'POST', '/api/v1/events/face-other/accounts', { email: 'face-other@example.org', displayName: 'Other', role: 'device' });
    otherDeviceToken = other.json<{ token: string }>().token;

    for (const name of [...ENROLLED, 'amy'] as const) {
      ids[name] = await seedGuest(app, eventId, { token: token(name), name: `Gate ${name}`, categoryCode: 'guest' });
      const form = registrationForm({ consents: { dataProcessing: true, faceRecognition: name !== 'amy', photography: false } });
      expectStatus(await app.app.inject({ method: 'PUT', url: `/api/v1/invitations/${token(name)}/registration`, payload: form }), 200);
      if (name === 'amy') continue; // no consent: her photo would not be enrolled anyway (face-enrolment.test.ts)
      const { payload, headers } = photoUpload(await facePortrait(`${name}/${name}1.png`));
      expectStatus(await app.app.inject({ method: 'POST', url: `/api/v1/invitations/${token(name)}/photo`, payload, headers }), 201);
    }
    // Sheldon is accredited: approved, with a badge, so a face-only lane can admit him through the scan route
    await app.deps.db.updateTable('guests').set({ status: 'approved' }).where('id', '=', ids['sheldon']!).execute();
    const issued = await issueCredential(app.deps, SYSTEM, eventId, ids['sheldon']!);
    expect(issued.ok).toBe(true);
  }, 180_000);
  afterAll(async () => {
    await app?.dispose();
  });

  it('enrolled the five guests with the consent and not the one without', async () => {
    const rows = await app.deps.db.selectFrom('face_enrolments').select('guest_id').where('event_id', '=', eventId).execute();
    expect(rows.map((r) => r.guest_id).sort((a, b) => a - b)).toEqual(ENROLLED.map((n) => ids[n]!).sort((a, b) => a - b));
  });

  it('1:1 verifies the badge holder with the similarity and the fixed threshold, and tells another face apart', async () => {
    const same = await check(await gateFrame('sheldon/sheldon2.png'), `?guestId=${ids['sheldon']}&gate=G1`);
    expect(same).toMatchObject({ mode: '1:1', outcome: 'match', match: true, threshold: 0.5, faces: 1, margin: null });
    expect(same.similarity).toBeGreaterThanOrEqual(0.5);
    expect(same.person).toMatchObject({ guestId: ids['sheldon'], photoUrl: `${EV}/guests/${ids['sheldon']}/photo`, credential: null });

    const other = await check(await gateFrame('leonard/leonard2.png'), `?guestId=${ids['sheldon']}`);
    expect(other).toMatchObject({ mode: '1:1', outcome: 'no_match', match: false });
    expect(other.similarity).toBeLessThan(0.5);
  });

  it('1:1 of a guest without an enrolment says not_enrolled, so the officer checks the photo by eye', async () => {
    const res = await check(await gateFrame('amy/amy2.png'), `?guestId=${ids['amy']}`);
    expect(res).toMatchObject({ mode: '1:1', outcome: 'not_enrolled', match: false, similarity: null, person: { guestId: ids['amy'] } });
  });

  it('1:N finds each enrolled guest from another photo among everyone enrolled, with a clear margin', async () => {
    for (const name of ENROLLED) {
      const res = await check(await gateFrame(`${name}/${name}2.png`), '?gate=G1');
      expect(res, name).toMatchObject({ mode: '1:N', outcome: 'match', match: true, enrolled: ENROLLED.length, minMargin: FACE_MIN_MARGIN });
      expect(res.person?.guestId, name).toBe(ids[name]);
      expect(res.margin!, name).toBeGreaterThanOrEqual(FACE_MIN_MARGIN);
    }
  });

  it('1:N does not admit someone who is not enrolled', async () => {
    const res = await check(await gateFrame('amy/amy2.png'));
    expect(res.mode).toBe('1:N');
    expect(res.match).toBe(false);
    expect(['no_match', 'ambiguous']).toContain(res.outcome);
    expect(res.person?.credential ?? null).toBeNull();
  });

  it("a 1:N match carries the guest's badge credential, which the scan route admits like a scanned badge", async () => {
    const res = await check(await gateFrame('sheldon/sheldon3.png'), '?gate=MAIN-1');
    expect(res.outcome).toBe('match');
    const current = await app.deps.db.selectFrom('credentials').select('payload').where('guest_id', '=', ids['sheldon']!).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
    expect(res.person?.credential).toBe(current.payload);
    // a match of a guest without a badge carries none
    const penny = await check(await gateFrame('penny/penny2.png'));
    expect(penny.person).toMatchObject({ guestId: ids['penny'], credential: null });
  });

  it('a frame with several faces checks the largest, and says how many it saw', async () => {
    const res = await check(await sharp(join(FACES_DIR, 'groups', 'bbt1.jpg')).jpeg().toBuffer());
    expect(res.faces).toBeGreaterThan(1);
  });

  it('audits every check with its outcome and similarity, never a descriptor', async () => {
    const rows = await app.deps.db.selectFrom('audit_log').select(['type', 'payload']).where('type', 'in', ['face.checked', 'face.accessed', 'face.index_loaded']).execute();
    const checked = rows.filter((r) => r.type === 'face.checked').map((r) => JSON.parse(r.payload ?? '{}') as Record<string, unknown>);
    expect(checked.length).toBeGreaterThanOrEqual(9);
    expect(checked).toContainEqual(expect.objectContaining({ mode: '1:1', outcome: 'match', guestId: ids['sheldon'], gate: 'G1' }));
    expect(rows.some((r) => r.type === 'face.accessed' && (r.payload ?? '').includes('gate_verify'))).toBe(true);
    expect(rows.some((r) => r.type === 'face.index_loaded')).toBe(true);
    for (const r of rows) expect(r.payload ?? '').not.toMatch(/descriptor|v1\./);
  });

  it('withdrawing the consent removes the face from the 1:N lane at once', async () => {
    const form = registrationForm({ consents: { dataProcessing: true, faceRecognition: false, photography: false } });
    expectStatus(await app.app.inject({ method: 'PUT', url: `/api/v1/invitations/${token('howard')}/registration`, payload: form }), 200);
    const res = await check(await gateFrame('howard/howard2.png'));
    expect(res.enrolled).toBe(ENROLLED.length - 1);
    expect(res.person?.guestId === ids['howard'] && res.match).toBe(false);
  });

  it('refuses bad frames with a coded 4xx naming the image, and writes nothing', async () => {
    const before = await snapshotDb(app);
    const grey = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    const jpeg = await gateFrame('raj/raj2.png');
    expect(refusalOf(await post(grey))).toBe('422 face_count image');
    expect(refusalOf(await post(Buffer.from('this is not a picture at all')))).toBe('422 face_image_invalid image');
    expect(refusalOf(await post(jpeg.subarray(0, Math.floor(jpeg.length / 2))))).toBe('422 face_image_truncated image');
    expect(refusalOf(await post(Buffer.alloc(0)))).toMatch(/^400 /);
    expect((await post(jpeg, '', 'application/json')).statusCode).toBe(415);
    expect(refusalOf(await post(jpeg, '?guestId=999999'))).toBe('404 not_found guestId');
    expect(refusalOf(await post(jpeg, '?guestId=abc'))).toMatch(/^400 \w+ guestId/);
    // a PNG header declaring 10000 × 5000 pixels is over the 40-megapixel cap
    const huge = await sharp({ create: { width: 10000, height: 5000, channels: 3, background: '#808080' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(refusalOf(await post(huge, '', 'image/png'))).toBe('413 face_image_too_large image');
    const after = await snapshotDb(app);
    // only the device token's last use is written
    expect(Object.keys(after.hashes).filter((t) => after.hashes[t] !== before.hashes[t] && t !== 'api_tokens')).toEqual([]);
  });

  it('answers in the caller language', async () => {
    const res = await post(Buffer.from('garbage'), '', 'image/jpeg', { ...bearer(deviceToken), 'accept-language': 'zh-CN' });
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/图像/);
  });

  it('lets gate staff and devices of the event check, and nobody else', async () => {
    const jpeg = await gateFrame('raj/raj2.png');
    expect((await post(jpeg, '', 'image/jpeg', bearer(otherDeviceToken))).statusCode).toBe(403);
    expect((await post(jpeg, '', 'image/jpeg', {})).statusCode).toBe(401);
    const guest = await login(app, 'guest@wic2017.example.org', DEMO_PASSWORD);
    expect((await app.app.inject({ method: 'POST', url: `${EV}/face-checks`, payload: jpeg, headers: { 'content-type': 'image/jpeg', cookie: guest.cookie, 'x-csrf-token': guest.csrf } })).statusCode).toBe(403);
  });
});
