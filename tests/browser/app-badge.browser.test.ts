import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkCredential } from '../../src/modules/accreditation/index.js';
import { decodeQr } from '../support/qr.js';
import { GUEST, logIn } from './app-support.js';
import { chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

/** The attendee app's badge: the QR drawn in the browser reads as the guest's credential, online and offline. */
describe.skipIf(!chromiumPath)('attendee app: my badge', () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("shows the demo guest's badge with a QR code that decodes to the current credential, and still shows it offline", async () => {
    const db = server.app.deps.db;
    const user = await db.selectFrom('users').select('id').where('email', '=', GUEST).executeTakeFirstOrThrow();
    const guest = await db.selectFrom('guests').select(['id', 'event_id', 'name']).where('user_id', '=', user.id).executeTakeFirstOrThrow();
    const credential = await db.selectFrom('credentials').select('payload').where('guest_id', '=', guest.id).where('revoked_at', 'is', null).executeTakeFirstOrThrow();

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 420, height: 900 } });
    const page = await context.newPage();
    await logIn(page, server.url, GUEST);
    await page.getByRole('link', { name: 'My badge' }).click();
    await expect.poll(() => page.locator('.badge-name').textContent()).toBe(guest.name);
    const qr = page.locator('img.badge-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('data-payload')).toBe(credential.payload);
    const [text] = await decodeQr(await qr.screenshot());
    expect(text).toBe(credential.payload);
    expect(await checkCredential(server.app.deps, guest.event_id, text!)).toMatchObject({ ok: true, claims: { guestId: guest.id } });

    // the app shell is cached by the service worker; the badge itself comes from the page's own copy, so the
    // worker's cached answer is dropped first
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const cache = await caches.open('api');
      for (const k of await cache.keys()) if (k.url.endsWith('/my/badge')) await cache.delete(k);
    });
    await context.setOffline(true);
    await page.goto(`${server.url}/badge`);
    await expect.poll(() => page.locator('.badge-name').textContent()).toBe(guest.name);
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Shown from this device');
    await page.locator('img.badge-qr').waitFor();
    expect(await decodeQr(await page.locator('img.badge-qr').screenshot())).toEqual([credential.payload]);
    await context.close();
  }, 60_000);

  it('tells an attendee without a badge that it appears after approval', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await logIn(page, server.url, 'chair4@wic2017.example.org');
    await page.goto(`${server.url}/badge`);
    await expect.poll(() => page.locator('main').textContent()).toContain('You have no badge for this event yet');
    await context.close();
  }, 60_000);
});
