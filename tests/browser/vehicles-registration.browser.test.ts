import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { invitationLink } from '../../src/modules/people/send-invitations.js';
import { seedGuest } from '../support/registration-fixture.js';
import { consoleLogin } from './console-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

const TOKEN = 'browser-vehicle-token'.padEnd(43, 'v');

/** A write as the signed-in organiser, through the console's own session cookie and CSRF token. */
const postInPage = (page: Page, path: string, body: object) =>
  page.evaluate(
    async ([p, b]) => {
      const csrf = sessionStorage.getItem('huiwu.csrf') ?? '';
      const res = await fetch(p, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(b) });
      return res.status;
    },
    [path, body] as const,
  );

describe.skipIf(!chromiumPath)('vehicle permits from registration in Chromium: the guest gives the car, the organiser imports it', { timeout: 120_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  let guestId: number;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('registers a vehicle on the attendee app form, by invitation link on a phone', async () => {
    const event = await server.app.deps.db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow();
    guestId = await seedGuest(server.app, event.id, { token: TOKEN, name: '周杰', email: 'zhou.jie@guests.example.org' });
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    await page.goto(invitationLink(server.url, TOKEN));
    await expect.poll(() => page.locator('main h2').first().textContent()).toBe('Registration');
    await page.getByLabel('Document number').fill('G12345678');
    await page.getByLabel('Issuing country').fill('CN');
    await page.getByLabel('Valid until').fill('2028-01-31');
    expect(await page.getByLabel('Licence plate').count()).toBe(0);
    await page.getByLabel('I will come by my own car').check();
    await page.getByLabel('Licence plate').fill(' 浙A 66666 ');
    await page.getByLabel('Vehicle type').selectOption('van');
    await page.getByLabel(/I agree to the processing of my personal data/).check();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save registration' }).click();
    await expect.poll(() => page.locator('.status strong').textContent()).toBe("Registered: waiting for the secretariat's review.");
    const row = await server.app.deps.db.selectFrom('guests').select('vehicle').where('id', '=', guestId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.vehicle!)).toEqual({ plate: '浙A 66666', type: 'van' });
    // opened again, the form shows what was saved
    await page.reload();
    await expect.poll(() => page.getByLabel('Licence plate').inputValue()).toBe('浙A 66666');
    expect(await page.getByLabel('Vehicle type').inputValue()).toBe('van');
    await context.close();
  });

  it("imports the approved guest's vehicle from the Permits tab, refuses an import without zones, and skips it the second time", async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017/vehicles/permits');
    expect(await postInPage(page, `/api/v1/events/wic2017/guests/${guestId}/review`, { action: 'approve' })).toBe(200);
    const form = page.getByRole('form', { name: 'Import from registration' });
    await form.waitFor();
    await form.getByRole('button', { name: 'Import from registration' }).click();
    await expect.poll(() => form.getByRole('alert').first().textContent()).toContain('zones');
    expect(await page.locator('table.vehicle-permits tbody tr', { hasText: '浙A 66666' }).count()).toBe(0);

    await form.getByLabel('MAIN · Main hall area').check();
    await form.getByRole('button', { name: 'Import from registration' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('1 imported, 0 skipped (already permitted), 0 refused.');
    const permit = page.locator('table.vehicle-permits tbody tr', { has: page.locator('th', { hasText: /^浙A 66666$/ }) });
    await permit.waitFor();
    expect((await permit.locator('td').allTextContents()).slice(0, 4)).toEqual(['Van', '周杰', 'MAIN', 'Always']);
    expect(await axeViolations(page)).toEqual([]);

    await form.getByRole('button', { name: 'Import from registration' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('0 imported, 1 skipped (already permitted), 0 refused.');
    await page.close();
  });
});
