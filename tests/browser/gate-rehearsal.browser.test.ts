import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GUEST_EMAIL } from '../../src/demo/demo-guests.js';
import { grantAccount } from '../../src/platform/auth/accounts.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { axeViolations, chromiumPath, launchBrowser, startWebServer, type WebServer } from './support.js';
import { GATE_EMAIL, STAFF_PASSWORD, scanAtGate, shownVerdict, signInAtStation } from './stations-support.js';

/**
 * The demo as loaded (WIC 2017, 3–5 December 2017, no dates moved): at today's date every badge is expired, so the
 * station offers a rehearsal clock at event time. Rehearsing, the station and the server both judge the scan at
 * the rehearsal time, and the server records it at that time.
 */
describe.skipIf(!chromiumPath)('gate station rehearsal clock (demo dates as loaded)', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let eventId: number;
  let guestId: number;
  let credential: string;

  beforeAll(async () => {
    server = await startWebServer();
    const db = server.app.deps.db;
    const event = await db.selectFrom('events').select(['id', 'start_date', 'end_date']).where('slug', '=', 'wic2017').executeTakeFirstOrThrow();
    expect([event.start_date, event.end_date]).toEqual(['2017-12-03', '2017-12-05']);
    eventId = event.id;
    const granted = await grantAccount(server.app.deps, SYSTEM, eventId, {
      email: GATE_EMAIL,
      displayName: 'Gate rehearsal',
      password: STAFF_PASSWORD,
      locale: 'en',
      role: 'gate_staff',
    });
    if (!granted.ok) throw new Error(granted.code);
    const badge = await db
      .selectFrom('credentials')
      .innerJoin('guests', 'guests.id', 'credentials.guest_id')
      .select(['credentials.payload', 'guests.id', 'guests.status'])
      .where('credentials.event_id', '=', eventId)
      .where('guests.email', '=', DEMO_GUEST_EMAIL)
      .where('credentials.revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(badge.status).toBe('approved');
    guestId = badge.id;
    credential = badge.payload;
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
  const scansOfGuest = () =>
    server.app.deps.db
      .selectFrom('scans')
      .select(['nonce', 'scanned_at', 'verdict', 'code', 'direction'])
      .where('event_id', '=', eventId)
      .where('guest_id', '=', guestId)
      .orderBy('id')
      .execute();

  it('the gate data carries the event days; at real time the demo guest is refused as expired, by the station and the server', async () => {
    await signInAtStation(page, server.url, GATE_EMAIL);
    await page.getByRole('heading', { name: 'Choose gate and direction' }).waitFor();
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('huiwu.gate.wic2017.bundle') ?? 'null') as { event: unknown } | null);
    expect(stored?.event).toMatchObject({ slug: 'wic2017', timezone: 'Asia/Shanghai', startDate: '2017-12-03', endDate: '2017-12-05' });
    await page.getByLabel('Gate', { exact: true }).selectOption('MAIN-1');
    await page.getByLabel('Entry').check();
    await page.getByRole('button', { name: 'Open the gate' }).click();
    await expect.poll(() => page.locator('#gate-title').textContent()).toContain('Main Hall gate 1');

    await scan(credential);
    expect(await verdict()).toMatchObject({ verdict: 'refuse', code: 'expired' });
    await expect.poll(() => page.locator('.verdict-meta').textContent()).toBe('Confirmed by the server');
    const [real] = await scansOfGuest();
    expect(real).toMatchObject({ verdict: 'refuse', code: 'expired', direction: 'entry' });
    expect(Math.abs(Date.parse(real!.scanned_at) - Date.now())).toBeLessThan(60_000);
  });

  it('outside the event days a banner offers to rehearse at event time, preset to the first day 08:30 in the event zone', async () => {
    await page.getByRole('button', { name: 'Rehearse at event time' }).waitFor();
    expect(await page.locator('form.rehearsal').textContent()).toContain('Today is not an event day (the event runs 2017-12-03 – 2017-12-05)');
    expect(await page.getByLabel('Rehearsal time (event time, Asia/Shanghai)').inputValue()).toBe('2017-12-03T08:30');
    expect(await page.getByTestId('rehearsal-clock').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('rehearsing at 2017-12-03 08:30 Asia/Shanghai, MAIN-1 entry admits the demo guest, and the server records the scan at that time as admitted', async () => {
    await page.getByRole('button', { name: 'Rehearse at event time' }).click();
    await expect.poll(() => page.getByTestId('rehearsal-clock').textContent()).toMatch(/Rehearsal clock: 2017-12-03 08:3\d:\d\d \(Asia\/Shanghai\)/);
    expect(await page.evaluate(() => localStorage.getItem('huiwu.gate.wic2017.clockOffset'))).toMatch(/^-\d+$/);

    await scan(credential);
    expect(await verdict()).toMatchObject({ verdict: 'admit', code: 'admitted' });
    await expect.poll(() => page.locator('.verdict-meta').textContent()).toBe('Confirmed by the server');
    expect(await axeViolations(page)).toEqual([]);
    const rows = await scansOfGuest();
    expect(rows).toHaveLength(2);
    const rehearsed = rows[1]!;
    expect(rehearsed).toMatchObject({ verdict: 'admit', code: 'admitted', direction: 'entry', nonce: (await verdict())!.nonce });
    // 08:30 in Wuzhen (UTC+8) is 00:30 UTC on the same day
    expect(rehearsed.scanned_at.slice(0, 10)).toBe('2017-12-03');
    const at = Date.parse(rehearsed.scanned_at);
    expect(at).toBeGreaterThanOrEqual(Date.parse('2017-12-03T00:30:00Z'));
    expect(at).toBeLessThan(Date.parse('2017-12-03T00:35:00Z'));
  });

  it('the rehearsal clock survives a reload and stays on screen; "Back to real time" ends it and the badge is expired again', async () => {
    await page.reload();
    await expect.poll(() => page.getByTestId('rehearsal-clock').textContent()).toContain('Rehearsal clock: 2017-12-03 08:3');
    await page.getByRole('button', { name: 'Back to real time' }).click();
    await page.getByRole('button', { name: 'Rehearse at event time' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('huiwu.gate.wic2017.clockOffset'))).toBeNull();
    expect(await page.getByTestId('rehearsal-clock').count()).toBe(0);
    await scan(credential);
    expect(await verdict()).toMatchObject({ verdict: 'refuse', code: 'expired' });
  });
});
