import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../../src/platform/db/database.js';
import { consoleLogin } from './console-support.js';
import { axeViolations, chromiumPath, launchBrowser, startWebServer, type WebServer } from './support.js';

const ORGANISER = 'organiser@wic2017.example.org';

// A loaded machine (two Chromiums, other suites) can be slow: generous step and test timeouts.
describe.skipIf(!chromiumPath)('console accreditation, reports and live occupancy in Chromium', { timeout: 90_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  let eventId: number;
  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    eventId = (await server.app.deps.db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const idOf = async (table: 'zones' | 'gates', code: string) =>
    (await server.app.deps.db.selectFrom(table).select('id').where('event_id', '=', eventId).where('code', '=', code).executeTakeFirstOrThrow()).id;

  it('shows the zone × category matrix with windows on the event clock, and adds a category whose bad window is refused beside the field', async () => {
    const page = await consoleLogin(browser, server.url, ORGANISER, 'en-GB', '#/e/wic2017/accreditation');
    const matrix = page.locator('table.accreditation-matrix');
    await matrix.waitFor();
    const headers = (await matrix.locator('thead th').allTextContents()).map((h) => h.trim());
    expect(headers[0]).toBe('Zone');
    expect(headers).toContain('VIP (vip)');
    const mediaCol = headers.findIndex((h) => h.endsWith('(media)'));
    const mainRow = matrix.locator('tbody tr', { has: page.locator('th', { hasText: /^MAIN/ }) });
    // 07:00–12:30 in Wuzhen on 3 December, stored as 23:00–04:30 UTC
    expect(await mainRow.locator('td').nth(mediaCol - 1).textContent()).toBe('Sun 3 December 07:00–12:30');
    expect(await mainRow.locator('td').nth(headers.findIndex((h) => h.endsWith('(driver)')) - 1).textContent()).toBe('–');

    await page.getByText('New category', { exact: true }).click();
    const form = page.getByRole('form', { name: 'New category' });
    await form.getByLabel('Code').fill('delegate');
    await form.getByRole('textbox', { name: 'Chinese' }).fill('代表');
    await form.getByRole('textbox', { name: 'English' }).fill('Delegate');
    await form.getByRole('button', { name: 'Add a zone window' }).click();
    await form.getByLabel('Zone').selectOption(String(await idOf('zones', 'FORUM')));
    await form.getByLabel('From').fill('2017-12-04T12:00');
    await form.getByLabel('Until').fill('2017-12-04T09:00');
    await form.getByRole('button', { name: 'Add category' }).click();
    await expect.poll(() => form.locator('.field-error').textContent()).toBe('The end must be after the start (zones.0.endsAt).');
    await form.getByLabel('Until').fill('2017-12-04T14:00');
    await form.getByRole('button', { name: 'Add category' }).click();
    await expect.poll(async () => (await matrix.locator('thead th').allTextContents()).at(-1)?.trim()).toBe('Delegate (delegate)');
    const forumRow = matrix.locator('tbody tr', { has: page.locator('th', { hasText: /^FORUM/ }) });
    expect(await forumRow.locator('td').last().textContent()).toBe('Mon 4 December 12:00–14:00');
    const saved = await server.app.deps.db.selectFrom('categories').innerJoin('category_zones', 'category_zones.category_id', 'categories.id').select(['starts_at', 'ends_at']).where('code', '=', 'delegate').execute();
    expect(saved).toEqual([{ starts_at: '2017-12-04T04:00:00.000Z', ends_at: '2017-12-04T06:00:00.000Z' }]);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('lists the 15 gates in Chinese with their zone, room and anti-passback', async () => {
    const page = await consoleLogin(browser, server.url, ORGANISER, 'zh-CN', '#/e/wic2017/accreditation/gates');
    const rows = page.locator('table.gates-table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(15);
    const vip = rows.filter({ has: page.locator('th', { hasText: 'VIP-1' }) });
    expect(await vip.locator('td').allTextContents()).toEqual(['贵宾厅入口', 'VIP', expect.any(String), '否']);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("finds a guest in any script and bans them from a zone with a reason, listed with the window on the event clock", async () => {
    const db = server.app.deps.db;
    const guest = await db
      .insertInto('guests')
      .values({ event_id: eventId, name: '欧阳修', name_latin: 'Ouyang Xiu', sort_key: 'ouyang xiu', organisation: 'Song Academy', language: 'zh', status: 'approved', created_at: nowIso(), updated_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = await consoleLogin(browser, server.url, ORGANISER, 'en-GB', '#/e/wic2017/accreditation/overrides');
    await page.getByRole('textbox', { name: 'Find a guest (name, organisation, email)' }).fill('欧阳');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.getByRole('button', { name: '欧阳修 · Ouyang Xiu' }).click();
    await page.getByText('No individual grants or bans.').waitFor();
    const form = page.getByRole('form', { name: 'Add grant or ban' });
    await form.getByLabel('Zone').selectOption(String(await idOf('zones', 'PRESS')));
    await form.getByLabel('Rule').selectOption('ban');
    await form.getByLabel('From').fill('2017-12-04T08:00');
    await form.getByRole('textbox', { name: 'Reason' }).fill('Asked by the press office');
    await form.getByRole('button', { name: 'Add grant or ban' }).click();
    const row = page.locator('table.overrides-table tbody tr');
    await row.first().waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(['Ban', 'from Mon 4 December 08:00', 'Asked by the press office', 'Remove']);
    expect(await db.selectFrom('guest_zone_overrides').select(['kind', 'starts_at', 'ends_at', 'reason']).where('guest_id', '=', guest.id).execute()).toEqual([
      { kind: 'ban', starts_at: '2017-12-04T00:00:00.000Z', ends_at: null, reason: 'Asked by the press office' },
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('No individual grants or bans.').waitFor();
    await page.close();
  });

  it('updates the live occupancy on the overview when a gate scan is announced on the bus', async () => {
    const db = server.app.deps.db;
    const page = await consoleLogin(browser, server.url, ORGANISER, 'en-GB', '#/e/wic2017');
    const total = page.getByTestId('inside-total');
    await expect.poll(() => total.textContent()).toBe('0');
    await page.locator('.chart-occupancy canvas').waitFor();
    expect(await page.locator('.chart-occupancy canvas').getAttribute('aria-label')).toBe('Inside now, per zone');

    const guest = await db
      .insertInto('guests')
      .values({ event_id: eventId, name: '李娜', name_latin: 'Li Na', sort_key: 'li na', language: 'zh', status: 'approved', created_at: nowIso(), updated_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const gateId = await idOf('gates', 'MAIN-1');
    await db.insertInto('presence').values({ guest_id: guest.id, zone_id: await idOf('zones', 'MAIN'), event_id: eventId, gate_id: gateId, since: nowIso() }).execute();
    await db
      .insertInto('scans')
      .values({ event_id: eventId, nonce: 'browser-1', credential_id: null, guest_id: guest.id, gate_id: gateId, zone_id: null, direction: 'entry', verdict: 'admit', code: 'admitted', scanned_at: nowIso(), received_at: nowIso(), device_user_id: null, conflict: null })
      .execute();
    await server.app.deps.bus.publish({ type: 'gate.scanned', eventId, payload: { guestId: guest.id, gateId, direction: 'entry', verdict: 'admit' } });

    await expect.poll(() => total.textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('entries-total').textContent()).toBe('1');
    const mainZone = page.locator('table.occupancy-zones tbody tr', { has: page.locator('th', { hasText: /^MAIN/ }) });
    expect(await mainZone.locator('td').textContent()).toBe('1');
    expect(await page.locator('table.occupancy-entries tbody td').allTextContents()).toEqual(['1']);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows the arrivals the API counts, the no-shows, and CSV links in the reader\'s language', async () => {
    const page = await consoleLogin(browser, server.url, ORGANISER, 'zh-CN', '#/e/wic2017/reports');
    const totals = page.locator('table.arrivals-by-category tfoot td');
    await totals.first().waitFor();
    const api = (await (await page.request.get(`${server.url}/api/v1/events/wic2017/reports/arrivals`)).json()) as { total: Record<string, number> };
    expect(await totals.allTextContents()).toEqual(['invited', 'registered', 'approved', 'badgeCollected', 'arrived'].map((k) => String(api.total[k])));
    expect(await page.locator('table.arrivals-by-category thead th').allTextContents()).toEqual(['证件类别', '已邀请', '已注册', '已批准', '已领证', '已到场']);
    const link = page.getByRole('link', { name: '下载到场统计（CSV）' });
    expect(await link.getAttribute('href')).toBe('/api/v1/events/wic2017/reports/arrivals.csv?lang=zh');
    const csv = await page.request.get(`${server.url}/api/v1/events/wic2017/reports/arrivals.csv?lang=zh`);
    const body = await csv.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.subarray(3).toString('utf8').split('\n')[0]).toBe('分组,编号,名称,已邀请,已注册,已批准,已领证,已到场');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
