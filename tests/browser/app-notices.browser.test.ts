import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST, logIn, PASSWORD, sessionsByCode } from './app-support.js';
import { axeViolations, chromiumPath, launchBrowser, startWebServer, type WebServer } from './support.js';

const ORGANISER = 'organiser@wic2017.example.org';
const EV = '/api/v1/events/wic2017';

/** The organiser's side, straight against the API (as the console would call it). */
async function organiserApi(url: string) {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ORGANISER, password: PASSWORD }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

describe.skipIf(!chromiumPath)('attendee app: live notices and programme', () => {
  let server: WebServer;
  let browser: Browser;
  let organiser: Awaited<ReturnType<typeof organiserApi>>;
  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    organiser = await organiserApi(server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a notice composed while the page is open, with a badge and an urgent announcement; opening it marks it read', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await logIn(page, server.url, GUEST);
    await page.locator('nav.tabs a[href="/notices"]').click();
    await expect.poll(() => page.locator('main h2').textContent()).toBe('Notices');
    await page.getByText('No notices yet.').waitFor();
    expect(await page.locator('nav.tabs .badge').count()).toBe(0);

    const notice = await organiser<{ id: number }>('POST', `${EV}/notices`, {
      title: { zh: '接驳车改线', en: 'Shuttle route changed' },
      body: { zh: '今晚的接驳车从北门发车。', en: 'Tonight the shuttles leave from the north gate.' },
      urgency: 'urgent',
      audience: { kind: 'everyone' },
    });

    // no reload: the stream brings the badge, the list item and the announcement
    const tab = page.getByRole('link', { name: 'Notices (1 unread)' });
    await tab.waitFor();
    expect(await page.locator('nav.tabs .badge').textContent()).toBe('1');
    const item = page.locator(`li[data-notice="${notice.id}"]`);
    await expect.poll(() => item.locator('.notice-title').textContent()).toBe('Shuttle route changed');
    expect(await item.locator('.urgency-tag').textContent()).toBe('Urgent');
    const toast = page.locator('.toast-region');
    await expect.poll(() => toast.textContent()).toContain('Tonight the shuttles leave from the north gate.');
    expect(await toast.getAttribute('aria-live')).toBe('assertive');

    const violations = await axeViolations(page);
    expect(violations).toEqual([]);

    await page.getByRole('button', { name: 'Dismiss' }).click();
    await item.locator('summary').click();
    await expect.poll(() => item.locator('.prose').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Notices', exact: true }).waitFor();
    expect(await page.locator('nav.tabs .badge').count()).toBe(0);
    const listed = await organiser<Array<{ id: number; read: number; recipients: number }>>('GET', `${EV}/notices`);
    expect(listed.find((n) => n.id === notice.id)?.read).toBe(1);
    await context.close();
  });

  it('shows the notice time in the event time zone and the text in the UI language', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'America/New_York' });
    const page = await context.newPage();
    await logIn(page, server.url, GUEST);
    await page.goto(`${server.url}/notices`);
    const items = page.locator('ul.notices li[data-notice]');
    await items.first().waitFor();
    expect(await items.first().locator('.notice-title').textContent()).toBe('接驳车改线');
    const [published] = await organiser<Array<{ publishedAt: string }>>('GET', `${EV}/notices`);
    const beijing = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }).format(new Date(published!.publishedAt));
    expect(await items.first().locator('time').textContent()).toContain(beijing);
    await context.close();
  });

  it('refreshes the programme on an open page when the organiser publishes a new version', async () => {
    const f06 = (await sessionsByCode(server.url)).get('F06')!;
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await logIn(page, server.url, GUEST);
    await page.locator('nav.tabs a[href="/"]').click();
    await page.goto(`${server.url}/sessions/${f06.guid}`);
    await expect.poll(() => page.locator('main h2').textContent()).toBe('Artificial intelligence: making life better');

    await organiser('PATCH', `${EV}/sessions/${f06.id}`, { title: { zh: '人工智能:让生活更美好(更新)', en: 'AI: making life better, updated' } });
    await organiser('POST', `${EV}/publish`);
    // pushed over SSE (or picked up when the stream opens): allow for a loaded machine
    await expect.poll(() => page.locator('main h2').textContent(), { timeout: 15_000 }).toBe('AI: making life better, updated');
    await context.close();
  });
});
