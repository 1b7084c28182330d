import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST, logIn, sessionsByCode } from './app-support.js';
import { axeViolations, chromiumPath, launchBrowser, startWebServer, type WebServer, withServerAndBrowser } from './support.js';

describe.skipIf(!chromiumPath)('attendee app pages', () => {
  let server: WebServer;
  let browser: Browser;
  let sessions: Awaited<ReturnType<typeof sessionsByCode>>;
  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    sessions = await sessionsByCode(server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds a Chinese-named speaker by pinyin, spaces optional, and opens the speaker page', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(server.url);
    const search = page.getByLabel('Search sessions and speakers');
    await search.fill('linxiaoming');
    await expect.poll(() => page.locator('ul.people li a').allTextContents()).toEqual(['林晓明 · Lin Xiaoming']);
    await search.fill('Xiaoming Lin');
    await expect.poll(() => page.locator('ul.people li a').allTextContents()).toEqual(['林晓明 · Lin Xiaoming']);
    await page.locator('ul.people li a').click();
    await expect.poll(() => page.locator('main h2').textContent()).toBe('林晓明');
    expect(await page.locator('main li[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(['F01', 'F12', 'F05']);
    await page.close();
  });

  it('renders a session page in Chinese for zh-CN and in English for en, times in Beijing time', async () => {
    const f06 = sessions.get('F06')!;
    const zh = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London' });
    await zh.goto(`${server.url}/sessions/${f06.guid}`);
    await expect.poll(() => zh.locator('main h2').textContent()).toBe('人工智能:让生活更美好');
    expect(await zh.locator('dl.facts time').allTextContents()).toEqual(['09:00', '12:00']);
    expect(await zh.locator('nav.tabs a').allTextContents()).toEqual(['日程', '我的日程', '通知', '地图', '我的']);
    expect(await zh.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await zh.close();
    const en = await browser.newPage({ locale: 'en-GB', timezoneId: 'America/New_York' });
    await en.goto(`${server.url}/sessions/${f06.guid}`);
    await expect.poll(() => en.locator('main h2').textContent()).toBe('Artificial intelligence: making life better');
    expect(await en.locator('dl.facts time').allTextContents()).toEqual(['09:00', '12:00']);
    expect(await en.locator('nav.tabs a').allTextContents()).toEqual(['Programme', 'My agenda', 'Notices', 'Map', 'Me']);
    await en.close();
  });

  it('passes an automated WCAG 2.1 AA check on the programme, a session page, the agenda and the map', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await logIn(page, server.url, GUEST);
    const results: Record<string, unknown> = {};

    await page.goto(`${server.url}/?day=2017-12-04`);
    await page.locator('li[data-code="F01"]').waitFor();
    results.programme = await axeViolations(page);

    // two overlapping stars, so the session page shows its warning and the agenda its flags
    for (const code of ['F06', 'F01']) {
      await page.goto(`${server.url}/sessions/${sessions.get(code)!.guid}`);
      await page.locator('button.star[aria-pressed="false"]').click();
      await page.locator('button.star[aria-pressed="true"]').waitFor();
    }
    await page.locator('.notice').waitFor();
    results.session = await axeViolations(page);

    await page.getByRole('link', { name: 'My agenda', exact: true }).click();
    await page.locator('main li.clash').first().waitFor();
    results.agenda = await axeViolations(page);

    await page.getByRole('link', { name: 'Map', exact: true }).click();
    await page.getByRole('link', { name: 'Forum Hall A' }).click();
    await expect.poll(() => page.locator('#room-title').textContent()).toBe('Forum Hall A');
    results.map = await axeViolations(page);

    expect(results).toEqual({ programme: [], session: [], agenda: [], map: [] });
    await context.close();
  });
});

describe.skipIf(!chromiumPath)('attendee app by keyboard', () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('reaches search, a result and the star button with Tab, and opens them with Enter', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await logIn(page, server.url, GUEST);
    await page.goto(server.url);
    await page.locator('li[data-code="OC"]').waitFor();
    const focused = () => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent ?? ''}`.trim());

    const isSearch = () => page.evaluate(() => document.activeElement?.getAttribute('type') === 'search');
    for (let i = 0; i < 5 && !(await isSearch()); i++) await page.keyboard.press('Tab');
    expect(await isSearch()).toBe(true);
    await page.keyboard.type('cybercrime');
    await page.keyboard.press('Tab'); // the status line is not focusable: the next stop is the first result
    expect(await focused()).toBe('A International cooperation against cybercrime and cyberterrorism');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main h2').textContent()).toBe('International cooperation against cybercrime and cyberterrorism');
    // focus moved to the new page's main region, so the next Tab stops inside it
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    const onStar = () => page.evaluate(() => document.activeElement?.matches('button.star') ?? false);
    for (let i = 0; i < 10 && !(await onStar()); i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('BUTTON ☆ Add to my agenda');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('button.star').getAttribute('aria-pressed')).toBe('true');
    await context.close();
  });
});
