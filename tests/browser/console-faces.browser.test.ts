import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facePortrait, HAVE_FACES, needingFaces, photoUpload, registrationForm, seedGuest } from '../support/registration-fixture.js';
import { consoleLogin } from './console-support.js';
import { axeViolations, chromiumPath, launchBrowser, startWebServer, type WebServer } from './support.js';

const TOKEN = 'console-faces-token'.padEnd(43, 'f');

/**
 * The organiser's view of a guest's face enrolment in Chromium: why a face is not enrolled, enrolling it from the
 * registration photo with the real engine, deleting it at once, and both in the guest's history.
 */
describe.skipIf(!chromiumPath || !HAVE_FACES)(needingFaces('console face enrolment in Chromium'), { timeout: 90_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  let guestId: number;
  const enrolled = () => server.app.deps.db.selectFrom('face_enrolments').select('id').where('guest_id', '=', guestId).execute();

  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    const event = await server.app.deps.db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow();
    guestId = await seedGuest(server.app, event.id, { token: TOKEN, name: '高文', organisation: '浙江大学', categoryCode: 'guest' });
    const form = registrationForm({ consents: { dataProcessing: true, faceRecognition: true, photography: false } });
    const res = await fetch(`${server.url}/api/v1/invitations/${TOKEN}/registration`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form) });
    expect(res.status).toBe(200);
    const { payload, headers } = photoUpload(await facePortrait('raj/raj1.png'));
    const up = await fetch(`${server.url}/api/v1/invitations/${TOKEN}/photo`, { method: 'POST', headers, body: new Uint8Array(payload) });
    expect(up.status).toBe(201);
    // start from "consent and photo, no enrolment" whatever the upload did, to enrol from the console
    await server.app.deps.db.deleteFrom('face_enrolments').where('guest_id', '=', guestId).execute();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('enrols the face from the photo, deletes it at once after confirming, and shows both in the history', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', `#/e/wic2017/guests/${guestId}`);
    await page.getByRole('heading', { name: /高文/ }).waitFor();
    const status = page.getByTestId('face-status');
    await expect.poll(() => status.textContent()).toBe('Not enrolled: the consent and a photo are there; enrol the face from the photo.');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Enrol the face from the photo' }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^Enrolled from the registration photo on .+ \(face \d+ px, detector score 0\.\d\d\)/);
    expect(await enrolled()).toHaveLength(1);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete the face data' }).click();
    await expect.poll(() => status.textContent()).toBe('Not enrolled: the consent and a photo are there; enrol the face from the photo.');
    expect(await enrolled()).toHaveLength(0);
    const history = page.getByRole('region', { name: 'History' }).or(page.locator('section[aria-labelledby="guest-history"]'));
    await expect.poll(() => history.first().textContent()).toContain('Face data deleted');
    expect(await history.first().textContent()).toContain('Face enrolled');
  });

  it('says in Chinese why a face is not enrolled', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'zh-CN', `#/e/wic2017/guests/${guestId}`);
    await expect.poll(() => page.getByTestId('face-status').textContent()).toBe('未登记：已有同意和照片，可由照片登记人脸。');
    expect(await page.getByRole('heading', { name: '入口人脸识别' }).count()).toBe(1);
  });
});
