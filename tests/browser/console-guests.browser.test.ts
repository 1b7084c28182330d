import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationForm, seedGuest } from '../support/registration-fixture.js';
import { consoleLogin } from './console-support.js';
import { axeViolations, chromiumPath, launchBrowser, startWebServer, type WebServer } from './support.js';

const TOKEN = 'console-guests-token'.padEnd(43, 'c');

describe.skipIf(!chromiumPath)('console guests in Chromium', { timeout: 90_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  let guestId: number;
  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    const event = await server.app.deps.db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow();
    guestId = await seedGuest(server.app, event.id, { token: TOKEN, name: '韩梅梅', organisation: '北京大学', categoryCode: 'media' });
    const res = await fetch(`${server.url}/api/v1/invitations/${TOKEN}/registration`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(registrationForm()) });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds a guest by pinyin, asks for changes only with a reason, approves, and shows the history', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017/guests');
    await page.getByLabel('Search').fill('han mei');
    await page.getByRole('link', { name: '韩梅梅' }).click();
    await page.getByRole('heading', { name: /韩梅梅/ }).waitFor();
    expect(await page.locator('dl.facts').first().textContent()).toContain('To review');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Ask for changes' }).click();
    await expect.poll(() => page.locator('[role="alert"]').first().textContent()).toContain('Give a reason');
    await page.getByLabel('Reason').fill('Please add your flight number.');
    await page.getByRole('button', { name: 'Ask for changes' }).click();
    await expect.poll(() => page.locator('dl.facts').first().textContent()).toContain('Changes requested');

    const again = await fetch(`${server.url}/api/v1/invitations/${TOKEN}/registration`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(registrationForm()) });
    expect(again.status).toBe(200);
    await page.reload();
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.locator('dl.facts').first().textContent()).toContain('Approved');
    await expect.poll(() => page.locator('dl.facts').first().textContent()).toMatch(/current, no\. \d+/);
    const history = page.getByRole('region', { name: 'History' });
    await expect.poll(() => history.locator('li > strong').allTextContents()).toEqual(['Registered', 'Changes requested', 'Registered', 'Badge credential issued', 'Approved']);
    const credential = await server.app.deps.db.selectFrom('credentials').select('id').where('guest_id', '=', guestId).where('revoked_at', 'is', null).execute();
    expect(credential).toHaveLength(1);
    await page.close();
  });
});
