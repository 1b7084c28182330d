import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareFaces, embedFaces } from '../../src/engines/face/index.js';
import { readEnrolledDescriptor, unsealDescriptor } from '../../src/modules/faces/index.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { createFileStore } from '../../src/platform/files/file-store.js';
import { adminSession, call, databases, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { expectStatus, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';
import { type CliRun, runHuiwu } from '../support/cli.js';
import { FACES_DIR, facePortrait, HAVE_FACES, needingFaces, photoUpload, registrationForm, seedGuest } from '../support/registration-fixture.js';

const EV = '/api/v1/events/wic2017';
const token = (name: string) => `tok-enrol-${name}-`.padEnd(43, 'x');

describe.skipIf(!HAVE_FACES).each(databases())(needingFaces('face enrolment, withdrawal and the shredder (%s)'), (kind) => {
  let app: TestApp;
  let admin: Session;
  let eventId: number;
  const ids: Record<string, number> = {};
  const enrolment = (guestId: number) => app.deps.db.selectFrom('face_enrolments').selectAll().where('guest_id', '=', guestId).executeTakeFirst();
  const audit = (type: string) => app.deps.db.selectFrom('audit_log').select(['type', 'payload']).where('type', '=', type).execute();
  const register = (name: string, faceRecognition: boolean) =>
    app.app.inject({ method: 'PUT', url: `/api/v1/invitations/${token(name)}/registration`, payload: registrationForm({ consents: { dataProcessing: true, faceRecognition, photography: false } }) });
  const enrol = (name: string) => call(app, admin, 'POST', `${EV}/guests/${ids[name]}/face-enrolment`);

  beforeAll(async () => {
    app = await startTestApp(kind);
    eventId = (await loadDemoEvent(app)).eventId;
    admin = await adminSession(app);
    const photo = await facePortrait('sheldon/sheldon1.png');
    for (const [name, consent, withPhoto] of [['yes', true, true], ['no', false, true], ['bare', true, false]] as const) {
      ids[name] = await seedGuest(app, eventId, { token: token(name), name: `Enrol ${name}` });
      expectStatus(await register(name, consent), 200);
      if (withPhoto) {
        const { payload, headers } = photoUpload(photo);
        expectStatus(await app.app.inject({ method: 'POST', url: `/api/v1/invitations/${token(name)}/photo`, payload, headers }), 201);
      }
    }
  }, 120_000);
  afterAll(async () => {
    await app?.dispose();
  });

  it('enrolled the photo at upload for the guest with the consent, and not for the one without', async () => {
    expect(await enrolment(ids['yes']!)).toBeDefined();
    expect(await enrolment(ids['no']!)).toBeUndefined();
    expect(await enrolment(ids['bare']!)).toBeUndefined();
  });

  it('refuses a guest without the face-recognition consent with 409 face_consent_missing, writing nothing', async () => {
    const before = await snapshotDb(app);
    expect(refusalOf(await enrol('no'))).toBe('409 face_consent_missing consents.faceRecognition');
    expect(await snapshotDb(app)).toEqual(before);
  });

  it('refuses a guest without a photo with 409 face_no_photo, writing nothing', async () => {
    const before = await snapshotDb(app);
    expect(refusalOf(await enrol('bare'))).toBe('409 face_no_photo photo');
    expect(await snapshotDb(app)).toEqual(before);
  });

  it('refuses a tilted or a turned face with 422 face_pose, naming the tilt and the turn, writing nothing', async () => {
    const files = createFileStore(app.deps.config.filesDir);
    const photoOfBare = async (jpeg: Buffer) => {
      const key = `pose-test-${ids['bare']}.jpg`;
      await files.commit(await files.stage(Readable.from([jpeg])), key);
      await app.deps.db.updateTable('guests').set({ photo_key: key }).where('id', '=', ids['bare']!).execute();
      return key;
    };
    // Sheldon's frontal portrait turned by 35°: a tilted head
    const tilted = await sharp(await facePortrait('sheldon/sheldon1.png')).rotate(35, { background: '#808080' }).jpeg().toBuffer();
    // the most turned face of a real group scene, cut out as a portrait
    const scene = join(FACES_DIR, 'groups', 'bbt2.jpg');
    const turnedFace = (await embedFaces(await sharp(scene).png().toBuffer())).sort((a, b) => Math.abs(b.pose.yaw) - Math.abs(a.pose.yaw))[0]!;
    expect(Math.abs(turnedFace.pose.yaw)).toBeGreaterThan(0.65);
    const meta = await sharp(scene).metadata();
    const { x, y, width, height } = turnedFace.box;
    const left = Math.max(0, Math.round(x - width * 0.6));
    const top = Math.max(0, Math.round(y - height * 0.6));
    const turned = await sharp(scene)
      .extract({ left, top, width: Math.min(meta.width! - left, Math.round(width * 2.2)), height: Math.min(meta.height! - top, Math.round(height * 2.4)) })
      .resize({ width: 360 })
      .jpeg()
      .toBuffer();
    for (const [photo, what] of [[tilted, 'tilted'], [turned, 'turned']] as const) {
      await photoOfBare(photo);
      const before = await snapshotDb(app);
      const res = await enrol('bare');
      expect(refusalOf(res), what).toBe('422 face_pose photo');
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/tilted \d+° \(at most 20°\) with a turn index of [\d.]+ \(at most 0.65\)/);
      expect(await snapshotDb(app)).toEqual(before);
    }
    await files.remove(`pose-test-${ids['bare']}.jpg`);
    await app.deps.db.updateTable('guests').set({ photo_key: null }).where('id', '=', ids['bare']!).execute();
  });

  it('enrols from the photo and stores only a sealed descriptor that still matches another photo of the same person', async () => {
    const res = await enrol('yes');
    expectStatus(res, 201);
    const view = res.json<{ facePx: number; score: number; model: string }>();
    expect(view.facePx).toBeGreaterThanOrEqual(112);
    expect(view.score).toBeGreaterThanOrEqual(0.8);
    const row = await enrolment(ids['yes']!);
    expect(row?.descriptor).toMatch(/^v1\./);

    const descriptor = await readEnrolledDescriptor(app.deps, SYSTEM, eventId, ids['yes']!, 'test');
    expect(descriptor).toHaveLength(128);
    // the stored bytes do not contain the plain Float32 values, not even the first four of them
    const plain = Buffer.from(descriptor!.buffer, descriptor!.byteOffset, 16);
    const stored = Buffer.concat(row!.descriptor.split('.').slice(1).map((p) => Buffer.from(p, 'base64url')));
    expect(stored.includes(plain)).toBe(false);
    expect(Buffer.from(row!.descriptor).includes(plain)).toBe(false);

    const [same] = await embedFaces(await facePortrait('sheldon/sheldon2.png'));
    const [other] = await embedFaces(await facePortrait('amy/amy1.png'));
    expect(compareFaces(descriptor!, same!.descriptor).match).toBe(true);
    expect(compareFaces(descriptor!, other!.descriptor).match).toBe(false);
  });

  it('tells the organiser whether a face is enrolled and, if not, which of consent and photo is missing', async () => {
    const status = async (name: string) => {
      const res = await call(app, admin, 'GET', `${EV}/guests/${ids[name]}/face-enrolment`);
      expectStatus(res, 200);
      return res.json<{ consent: boolean; photo: boolean; enrolment: { facePx: number; model: string } | null }>();
    };
    expect(await status('yes')).toMatchObject({ consent: true, photo: true, enrolment: { model: expect.stringContaining('face-api') } });
    expect(JSON.stringify(await status('yes'))).not.toMatch(/descriptor|v1\./);
    expect(await status('no')).toMatchObject({ consent: false, photo: true, enrolment: null });
    expect(await status('bare')).toMatchObject({ consent: true, photo: false, enrolment: null });
    expect(refusalOf(await call(app, admin, 'GET', `${EV}/guests/999999/face-enrolment`))).toBe('404 not_found id');
  });

  it('audits enrolment and access without descriptor data', async () => {
    const rows = [...(await audit('face.enrolled')), ...(await audit('face.accessed'))];
    // one enrolment at upload, one through the route, one audited read
    expect(rows.map((r) => r.type).sort()).toEqual(['face.accessed', 'face.enrolled', 'face.enrolled']);
    const row = await enrolment(ids['yes']!);
    for (const r of rows) {
      expect(r.payload).not.toContain(row!.descriptor.split('.')[3]!.slice(0, 16));
      expect(r.payload.length).toBeLessThan(300);
      expect(r.payload).not.toMatch(/descriptor/);
    }
  });

  it('deletes the enrolment at once when the guest withdraws the consent in the registration', async () => {
    expect(await enrolment(ids['yes']!)).toBeDefined();
    expectStatus(await register('yes', false), 200);
    expect(await enrolment(ids['yes']!)).toBeUndefined();
    expect((await audit('face.withdrawn')).map((r) => JSON.parse(r.payload) as unknown)).toEqual([{ guestId: ids['yes'], reason: 'consent_withdrawn' }]);
  });

  it('deletes the enrolment on the organiser\'s DELETE', async () => {
    expectStatus(await register('yes', true), 200);
    expectStatus(await enrol('yes'), 201);
    const res = await call(app, admin, 'DELETE', `${EV}/guests/${ids['yes']}/face-enrolment`);
    expectStatus(res, 200);
    expect(res.json()).toEqual({ guestId: ids['yes'], deleted: true });
    expect(await enrolment(ids['yes']!)).toBeUndefined();
  });

  it('refuses to shred an event that has not ended with 409 face_event_running, writing nothing', async () => {
    expectStatus(
      await call(app, admin, 'POST', '/api/v1/events', { slug: 'future-2099', name: { zh: '未来', en: 'Future' }, timezone: 'UTC', startDate: '2099-01-01', endDate: '2099-01-02', languages: ['en'] }),
      201,
    );
    const before = await snapshotDb(app);
    expect(refusalOf(await call(app, admin, 'POST', '/api/v1/events/future-2099/face-shred', {}))).toBe('409 face_event_running force');
    expect(await snapshotDb(app)).toEqual(before);
    const forced = await call(app, admin, 'POST', '/api/v1/events/future-2099/face-shred', { force: true });
    expectStatus(forced, 200);
    expect(forced.json()).toEqual({ enrolments: 0, photos: 0 });
  });

  it('shreds every enrolment and photo of an ended event and keeps only the counts', async () => {
    expectStatus(await enrol('yes'), 201);
    const db = app.deps.db;
    const keys = (await db.selectFrom('guests').select('photo_key').where('event_id', '=', eventId).where('photo_key', 'is not', null).execute()).map((r) => r.photo_key!);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    const res = await call(app, admin, 'POST', `${EV}/face-shred`, {});
    expectStatus(res, 200);
    expect(res.json()).toEqual({ enrolments: 1, photos: keys.length });
    expect(await db.selectFrom('face_enrolments').select('id').where('event_id', '=', eventId).execute()).toEqual([]);
    expect(await db.selectFrom('guests').select('id').where('event_id', '=', eventId).where('photo_key', 'is not', null).execute()).toEqual([]);
    const files = createFileStore(app.deps.config.filesDir);
    for (const key of keys) expect(await files.open(key)).toBeNull();
    const shredded = (await audit('face.shredded')).map((r) => JSON.parse(r.payload) as Record<string, unknown>);
    expect(shredded).toContainEqual({ enrolments: 1, photos: keys.length, forced: false });
  });
});

/** `huiwu <args>` from source against the test app's SQLite file and files folder. */
function huiwu(app: TestApp, args: string[]): Promise<CliRun> {
  const target = app.deps.config.database;
  if (target.kind !== 'sqlite') throw new Error('the CLI case runs on SQLite');
  return runHuiwu(args, undefined, { HUIWU_DATABASE_URL: target.file, HUIWU_FILES_DIR: app.deps.config.filesDir, HUIWU_LOG_LEVEL: 'silent' });
}

describe.skipIf(!HAVE_FACES)(needingFaces('huiwu faces shred'), () => {
  let app: TestApp;
  let admin: Session;

  beforeAll(async () => {
    app = await startTestApp('sqlite');
    const eventId = (await loadDemoEvent(app)).eventId;
    admin = await adminSession(app);
    const guestId = await seedGuest(app, eventId, { token: token('cli'), name: 'Enrol cli' });
    expectStatus(await app.app.inject({ method: 'PUT', url: `/api/v1/invitations/${token('cli')}/registration`, payload: registrationForm() }), 200);
    const { payload, headers } = photoUpload(await facePortrait('leonard/leonard1.png'));
    expectStatus(await app.app.inject({ method: 'POST', url: `/api/v1/invitations/${token('cli')}/photo`, payload, headers }), 201);
    expectStatus(await call(app, admin, 'POST', `${EV}/guests/${guestId}/face-enrolment`), 201);
    expectStatus(
      await call(app, admin, 'POST', '/api/v1/events', { slug: 'future-2099', name: { zh: '未来', en: 'Future' }, timezone: 'UTC', startDate: '2099-01-01', endDate: '2099-01-02', languages: ['en'] }),
      201,
    );
  }, 120_000);
  afterAll(async () => {
    await app?.dispose();
  });

  it('refuses an event that has not ended without --force (exit 1), then shreds an ended one and prints the counts', async () => {
    const early = await huiwu(app, ['faces', 'shred', '--event', 'future-2099']);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/ends on 2099-01-02/);

    const photos = await app.deps.db.selectFrom('guests').select('id').where('photo_key', 'is not', null).execute();
    const res = await huiwu(app, ['faces', 'shred', '--event', 'wic2017', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ enrolments: 1, photos: photos.length });
    expect(await app.deps.db.selectFrom('face_enrolments').select('id').execute()).toEqual([]);
    expect(await app.deps.db.selectFrom('audit_log').select('type').where('type', '=', 'face.shredded').execute()).toHaveLength(1);
  }, 120_000);
});

describe.skipIf(!HAVE_FACES)(needingFaces('face descriptors sealed under HUIWU_FACE_KEY'), () => {
  const KEY = 'face-key-of-this-installation-0123456789';
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp('sqlite', { HUIWU_FACE_KEY: KEY });
    const eventId = (await loadDemoEvent(app)).eventId;
    await seedGuest(app, eventId, { token: token('key'), name: 'Enrol key' });
    expectStatus(await app.app.inject({ method: 'PUT', url: `/api/v1/invitations/${token('key')}/registration`, payload: registrationForm() }), 200);
    const { payload, headers } = photoUpload(await facePortrait('penny/penny1.png'));
    expectStatus(await app.app.inject({ method: 'POST', url: `/api/v1/invitations/${token('key')}/photo`, payload, headers }), 201);
  }, 120_000);
  afterAll(async () => {
    await app?.dispose();
  });

  it('opens with the configured key only, not with the installation secret', async () => {
    const row = await app.deps.db.selectFrom('face_enrolments').select('descriptor').executeTakeFirstOrThrow();
    expect(unsealDescriptor(KEY, row.descriptor)).toHaveLength(128);
    expect(() => unsealDescriptor(app.deps.secret, row.descriptor)).toThrow();
  });
});
