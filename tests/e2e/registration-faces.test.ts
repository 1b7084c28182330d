import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, databases, type TestApp } from '../support/harness.js';
import { expectStatus, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';
import { SAMPLE_FACES } from '../support/faces.js';
import { facePhoto, photoUpload, seedGuest } from '../support/registration-fixture.js';

const NO_FACE_DIR = join(import.meta.dirname, '../fixtures/plates/no-plate');
const token = (name: string) => `tok-face-${name}-`.padEnd(43, 'x');

/** two real faces in one photo: the left two people of the face-api package's sample1.jpg, 840 × 900 */
function twoFaces(): Promise<Buffer> {
  return sharp(join(SAMPLE_FACES, 'sample1.jpg')).extract({ left: 300, top: 250, width: 840, height: 900 }).jpeg({ quality: 92 }).toBuffer();
}

describe.each(databases())('registration photo face check through HTTP (%s)', (kind) => {
  let app: TestApp;
  let eventId: number;
  const upload = (t: string, content: Buffer, lang = 'en') => {
    const { payload, headers } = photoUpload(content);
    return app.app.inject({ method: 'POST', url: `/api/v1/invitations/${t}/photo`, payload, headers: { ...headers, 'accept-language': lang } });
  };

  beforeAll(async () => {
    app = await startTestApp(kind);
    eventId = (await loadDemoEvent(app)).eventId;
    for (const name of ['one', 'none', 'two']) await seedGuest(app, eventId, { token: token(name), name: `Face ${name}` });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('accepts a real portrait with one large face and says the face was checked', async () => {
    const res = await upload(token('one'), await facePhoto());
    expectStatus(res, 201);
    expect(res.json<{ faceChecked: boolean }>().faceChecked).toBe(true);
  });

  it('refuses a sharp, well-exposed street photo without a face with 422 photo_face_count, storing nothing', async () => {
    const street = await sharp(join(NO_FACE_DIR, readdirSync(NO_FACE_DIR).sort()[0]!)).jpeg({ quality: 92 }).toBuffer();
    const before = await snapshotDb(app);
    const res = await upload(token('none'), street);
    expect(refusalOf(res)).toBe('422 photo_face_count photo');
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/exactly one face; it shows 0/);
    expect(await snapshotDb(app)).toEqual(before);
  });

  it('refuses two faces side by side with 422 photo_face_count, in Chinese too', async () => {
    const res = await upload(token('two'), await twoFaces(), 'zh-CN');
    expect(refusalOf(res)).toBe('422 photo_face_count photo');
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/当前为 2 张/);
  });

  it('refuses a face too small in the frame with 422 photo_face_small', async () => {
    // the same real portrait, shrunk to 40 % and centred on a 390×520 grey canvas: the face is ~10 % of the height
    const small = await sharp(await facePhoto()).resize({ width: 156 }).toBuffer();
    const framed = await sharp({ create: { width: 390, height: 520, channels: 3, background: '#808080' } })
      .composite([{ input: small, left: 117, top: 156 }])
      .jpeg({ quality: 92 })
      .toBuffer();
    expect(refusalOf(await upload(token('two'), framed))).toBe('422 photo_face_small photo');
  });
});

describe('registration photo with HUIWU_FACE_CHECK=off', () => {
  let app: TestApp;
  let eventId: number;

  beforeAll(async () => {
    app = await startTestApp('sqlite', { HUIWU_FACE_CHECK: 'off' });
    eventId = (await loadDemoEvent(app)).eventId;
    await seedGuest(app, eventId, { token: token('off'), name: 'Face off' });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('checks the quality only: two faces pass and the answer says faceChecked: false', async () => {
    expect(app.deps.faces).toBeUndefined();
    const { payload, headers } = photoUpload(await twoFaces());
    const res = await app.app.inject({ method: 'POST', url: `/api/v1/invitations/${token('off')}/photo`, payload, headers });
    expectStatus(res, 201);
    expect(res.json<{ faceChecked: boolean }>().faceChecked).toBe(false);
  });
});
