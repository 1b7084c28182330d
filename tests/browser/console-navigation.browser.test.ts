import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleLogin } from './console-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

/** Each area of the event's navigation: its label and the links under it, in order. */
async function areas(page: Page, navName: string): Promise<Array<{ label: string; links: string[] }>> {
  const nav = page.getByRole('navigation', { name: navName });
  await nav.locator('.nav-area').first().waitFor();
  return nav.locator('.nav-area').evaluateAll((items) =>
    items.map((li) => ({
      label: li.querySelector('.nav-area-label')?.textContent ?? '',
      links: [...li.querySelectorAll('a')].map((a) => a.textContent ?? ''),
    })),
  );
}

describe.skipIf(!chromiumPath)('console navigation grouped by area in Chromium', { timeout: 90_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('groups an organiser\'s sections by area, leaves out the areas with no section yet, and keeps every route', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017');
    const groups = await areas(page, 'Event pages');
    // volunteers and expo have no section yet: no heading and no dead link for them
    expect(groups.map((g) => g.label)).toEqual(['This event', 'Programme', 'Guests & access', 'Logistics', 'Operations']);
    const byLabel = new Map(groups.map((g) => [g.label, g.links]));
    expect(byLabel.get('This event')).toEqual(expect.arrayContaining(['Overview', 'Event settings']));
    expect(byLabel.get('Programme')).toEqual(['Programme', 'Conflicts', 'People', 'Venues and rooms', 'Publish']);
    expect(byLabel.get('Guests & access')).toEqual(['Guests', 'Invitations', 'Accreditation', 'Badges', 'Documents', 'Privacy']);
    expect(byLabel.get('Logistics')).toEqual(['Carts', 'Vehicles']);
    expect(byLabel.get('Operations')).toEqual(['Reports', 'Notices']);
    // each list is named by its area, for screen readers
    expect(await page.getByRole('navigation', { name: 'Event pages' }).getByRole('list', { name: 'Logistics' }).getByRole('link').allTextContents()).toEqual(['Carts', 'Vehicles']);

    // the routes are those of before: deep links and bookmarks keep working
    const hrefs = await page.getByRole('navigation', { name: 'Event pages' }).getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const key of ['overview', 'settings', 'programme', 'conflicts', 'people', 'venues', 'publish', 'guests', 'invitations', 'accreditation', 'badges', 'documents', 'privacy', 'carts', 'vehicles', 'reports', 'notices'])
      expect(hrefs).toContain(`#/e/wic2017/${key}`);
    expect(await axeViolations(page)).toEqual([]);

    // a deep link below a section marks its link and its area as current
    await page.goto(`${server.url}/console#/e/wic2017/vehicles/permits`);
    await page.getByRole('heading', { name: 'Vehicles' }).first().waitFor();
    expect(await page.locator('.event-nav a[aria-current="page"]').textContent()).toBe('Vehicles');
    expect(await page.locator('.event-nav .nav-area.current .nav-area-label').textContent()).toBe('Logistics');
    await page.close();
  });

  it('is worked by keyboard: Tab moves from the last link of one area to the first of the next, Enter opens it', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017');
    const nav = page.getByRole('navigation', { name: 'Event pages' });
    await nav.getByRole('list', { name: 'Guests & access' }).getByRole('link').last().focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Carts');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/e/wic2017/carts');
    expect(await page.locator('.event-nav a[aria-current="page"]').textContent()).toBe('Carts');
    // the new page's content takes focus, not the old link
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('content');
    await page.close();
  });

  it('names the areas in Chinese for a Chinese browser, passing the WCAG 2.1 AA check', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'zh-CN', '#/e/wic2017/guests');
    const groups = await areas(page, '活动页面');
    expect(groups.map((g) => g.label)).toEqual(['本活动', '议程', '嘉宾与通行', '后勤', '现场运行']);
    expect(groups.find((g) => g.label === '后勤')?.links).toEqual(['观光车', '车辆']);
    expect(await page.locator('.event-nav .nav-area.current .nav-area-label').textContent()).toBe('嘉宾与通行');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows a board chair only the areas holding a section they may open', async () => {
    const page = await consoleLogin(browser, server.url, 'chair4@wic2017.example.org', 'en-GB', '#/e/wic2017');
    const groups = await areas(page, 'Event pages');
    expect(groups.map((g) => g.label)).toEqual(['This event', 'Programme']);
    expect(groups[1]!.links).toEqual(['Programme', 'Conflicts', 'People']);
    await page.close();
  });
});
