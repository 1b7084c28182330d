import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser } from './support.js';
import { GATE_EMAIL, listenAgain, scanAtGate, shownVerdict, signInAtStation, startStationsServer, stopListening, type StationsServer } from './stations-support.js';

/** Every URL the page's origin holds in any Cache Storage cache (the service worker's precache and runtime caches). */
const cachedUrls = (page: Page): Promise<string[]> =>
  page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    return urls;
  });

/** A GET from the page: its status, or 'network error' when the fetch itself failed. */
const fetchFrom = (page: Page, url: string): Promise<number | 'network error'> =>
  page.evaluate(async (url) => {
    try {
      return (await fetch(url, { credentials: 'same-origin' })).status;
    } catch {
      return 'network error' as const;
    }
  }, url);

/**
 * The stations' page after one online visit: reloaded without network it opens from the service worker's
 * precache, the gate comes back from localStorage and still decides. No worker cache ever answers the gate data,
 * sign-in or scans: a stopped server is a network error to the station, not a stale answer.
 */
describe.skipIf(!chromiumPath)('stations offline reload', () => {
  let server: StationsServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startStationsServer();
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 412, height: 915 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const verdict = () => shownVerdict(page);
  const scan = (text: string) => scanAtGate(page, text);

  it('one online visit: sign in, open MAIN-1 entry; the worker takes the page and precaches it with its assets and the QR .wasm', async () => {
    const bundleAnswers: boolean[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/gate-bundle')) bundleAnswers.push(r.fromServiceWorker());
    });
    await signInAtStation(page, server.url, GATE_EMAIL);
    await page.getByRole('heading', { name: 'Choose gate and direction' }).waitFor();
    await page.getByLabel('Gate', { exact: true }).selectOption('MAIN-1');
    await page.getByLabel('Entry').check();
    await page.getByRole('button', { name: 'Open the gate' }).click();
    await expect.poll(() => page.locator('#gate-title').textContent()).toContain('Main Hall gate 1');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

    const cached = await cachedUrls(page);
    expect(cached).toContain('/stations/index.html');
    expect(cached.some((u) => /^\/assets\/zxing_reader-.*\.wasm$/.test(u))).toBe(true);
    const scripts = await page.evaluate(() => [...document.querySelectorAll('script[src]')].map((s) => new URL((s as HTMLScriptElement).src).pathname));
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(cached).toContain(s);

    // the worker controls the page now: the station's reads still go to the network, never into a cache
    await page.reload();
    await expect.poll(() => page.locator('#gate-title').textContent()).toContain('Main Hall gate 1');
    await expect.poll(() => bundleAnswers.length).toBeGreaterThanOrEqual(2);
    expect(bundleAnswers.every((fromWorker) => !fromWorker)).toBe(true);
    expect((await cachedUrls(page)).filter((u) => /^\/api\/v1\/(auth\/|.*\/(gate-bundle|scans)$)/.test(u))).toEqual([]);
  });

  it('reloaded offline, the gate screen comes back from localStorage and still admits a guest, queueing the scan', async () => {
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.locator('#gate-title').textContent()).toContain('Main Hall gate 1');
    await expect.poll(() => page.locator('.status-bar').textContent()).toContain('● Offline: deciding locally');
    await scan(server.guests.li!.credential);
    expect(await verdict()).toMatchObject({ verdict: 'admit', code: 'admitted' });
    await expect.poll(() => page.getByTestId('queue').textContent()).toBe('Waiting to upload: 1');
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('queue').textContent(), { timeout: 15_000 }).toBe('Waiting to upload: 0');
  });

  it('with the server stopped, the gate data is a network error even from a page whose worker caches API reads', async () => {
    // the attendee app's page: its API reads are cached network-first, so the refusal below is the exclusion at work
    const app = await context.newPage();
    await app.goto(`${server.url}/`);
    await app.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => app.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    expect(await fetchFrom(app, '/api/v1/events')).toBe(200);
    expect(await fetchFrom(app, '/api/v1/events/wic2017/gate-bundle')).toBe(200);

    await stopListening(server);
    try {
      expect(await fetchFrom(app, '/api/v1/events')).toBe(200); // from the worker's cache
      expect(await fetchFrom(app, '/api/v1/events/wic2017/gate-bundle')).toBe('network error');
      expect(await fetchFrom(page, '/api/v1/events/wic2017/gate-bundle')).toBe('network error');
      expect(await fetchFrom(page, '/api/v1/auth/me')).toBe('network error');

      // the station itself: reloaded against the stopped server it opens from the precache and says it is offline
      await page.reload();
      await expect.poll(() => page.locator('#gate-title').textContent()).toContain('Main Hall gate 1');
      await expect.poll(() => page.locator('.status-bar').textContent()).toContain('● Offline: deciding locally');
    } finally {
      await listenAgain(server);
    }
    await app.close();
  });
});
