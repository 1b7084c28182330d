import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolFace } from '../../src/modules/faces/index.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { databases } from '../support/harness.js';
import { facePortrait, gateFrame, HAVE_FACES, needingFaces } from '../support/registration-fixture.js';
import { chromiumPath } from './support.js';
import { GATE_EMAIL, givePhoto, launchWithCameraShowingImage, scanAtGate, signInAtStation, startStationsServer, type StationsServer } from './stations-support.js';

/**
 * The gate station's face checks in Chromium against the real server and the real engine: the face-only lane
 * identifies an enrolled guest from the live camera (Chromium's fake camera showing another photo of him) and
 * admits him through the badge decision; in a badge lane the officer checks the badge holder's face 1:1 from a
 * photo, and sees the enrolled photo beside the live face with the similarity and the threshold.
 */
describe.skipIf(!chromiumPath || !HAVE_FACES).each(databases())(needingFaces('gate face checks (%s)'), (kind) => {
  let server: StationsServer;
  let browser: Browser;
  let cleanup: () => void;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    server = await startStationsServer(kind);
    const db = server.app.deps.db;
    const consents = JSON.stringify({ faceRecognition: { given: true, at: new Date().toISOString(), by: null } });
    // 李晓明 is enrolled from Sheldon's first photo, 王芳 from Leonard's
    for (const [key, file] of [['li', 'sheldon/sheldon1.png'], ['wang', 'leonard/leonard1.png']] as const) {
      const id = server.guests[key]!.id;
      await givePhoto(server, id, await facePortrait(file));
      await db.updateTable('guests').set({ consents }).where('id', '=', id).execute();
      const enrolled = await enrolFace(server.app.deps, SYSTEM, server.eventId, id);
      expect(enrolled.ok).toBe(true);
    }
    ({ browser, cleanup } = await launchWithCameraShowingImage(await gateFrame('sheldon/sheldon2.png')));
    page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 800, height: 1100 } })).newPage();
    dir = mkdtempSync(join(tmpdir(), 'huiwu-face-'));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    cleanup?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await server?.stop();
  });

  const outcome = () => page.locator('[data-face-outcome]').first().getAttribute('data-face-outcome');
  /** the enrolled photo loaded (fetched with the station's credentials) and shown beside the live face */
  const photosShown = () =>
    page.evaluate(() => Array.from(document.querySelectorAll<HTMLImageElement>('.face-pair img')).map((img) => img.complete && img.naturalWidth > 0));

  it('a face-only lane identifies the enrolled guest from the live camera and admits him through the badge decision', async () => {
    await signInAtStation(page, server.url, GATE_EMAIL);
    await page.getByLabel('Gate', { exact: true }).selectOption('MAIN-1');
    await page.getByLabel('Entry').check();
    await page.getByLabel('Face-only lane (enrolled guests; badge as fallback)').check();
    await page.getByRole('button', { name: 'Open the gate' }).click();
    await page.getByRole('button', { name: 'Open the face camera' }).click();
    await page.getByRole('button', { name: 'Identify' }).click();
    await expect.poll(outcome, { timeout: 30_000 }).toBe('match');
    const text = await page.locator('.face-result').textContent();
    expect(text).toContain('✔ Same person');
    expect(text).toContain('李晓明');
    expect(text).toMatch(/Similarity \d+ % \(threshold 50 %\) · lead over the next \d+ % \(needs 5 %\)/);
    expect(text).toContain('Compare the two faces yourself');
    await expect.poll(photosShown).toEqual([true, true]);

    await page.getByRole('button', { name: 'Admit 李晓明' }).click();
    await expect.poll(() => page.locator('.verdict').getAttribute('data-code')).toBe('admitted');
    await expect.poll(() => page.locator('.verdict').textContent()).toContain('Confirmed by the server');
    const scans = await server.app.deps.db.selectFrom('scans').select(['guest_id', 'verdict']).where('event_id', '=', server.eventId).execute();
    expect(scans).toEqual([{ guest_id: server.guests.li!.id, verdict: 'admit' }]);
    const audit = await server.app.deps.db.selectFrom('audit_log').select('payload').where('type', '=', 'face.checked').execute();
    expect(audit.map((a) => JSON.parse(a.payload ?? '{}') as { mode: string; gate: string })).toContainEqual(expect.objectContaining({ mode: '1:N', outcome: 'match', gate: 'MAIN-1' }));
  }, 90_000);

  it('in a badge lane the officer checks the badge holder 1:1: a photo of someone else is no match, of the holder a match', async () => {
    await page.getByRole('button', { name: 'Change' }).click();
    await page.getByLabel('Gate', { exact: true }).selectOption('PRESS-1');
    await page.getByLabel('Badge lane (face check on demand)').check();
    await page.getByRole('button', { name: 'Open the gate' }).click();
    await scanAtGate(page, server.guests.wang!.credential);
    expect(await page.locator('.verdict').getAttribute('data-verdict')).toBe('admit');

    const sheldon = join(dir, 'sheldon.jpg');
    const leonard = join(dir, 'leonard.jpg');
    writeFileSync(sheldon, await gateFrame('sheldon/sheldon3.png'));
    writeFileSync(leonard, await gateFrame('leonard/leonard2.png'));
    const input = page.locator('.verdict input[type="file"]');
    await input.setInputFiles(sheldon);
    await expect.poll(outcome, { timeout: 30_000 }).toBe('no_match');
    expect(await page.locator('.face-result').textContent()).toContain('Not the same person');
    await input.setInputFiles(leonard);
    await expect.poll(outcome, { timeout: 30_000 }).toBe('match');
    const text = await page.locator('.face-result').textContent();
    expect(text).toContain('王芳');
    expect(text).toMatch(/Similarity \d+ % \(threshold 50 %\)/);
    expect(text).not.toContain('lead over the next');
    await expect.poll(photosShown).toEqual([true, true]);
  });

  it('sends the officer to the badge photo when the server cannot be reached', async () => {
    await page.context().setOffline(true);
    await page.locator('.verdict input[type="file"]').setInputFiles(join(dir, 'leonard.jpg'));
    await expect.poll(() => page.locator('.face-check .notice').textContent().catch(() => '')).toContain('compare the face with the badge photo by eye');
    await page.context().setOffline(false);
  });
});
