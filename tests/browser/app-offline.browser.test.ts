import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { agendaOf, GUEST, logIn, sessionsByCode, waitUntilOfflineReady } from './app-support.js';
import { chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

describe.skipIf(!chromiumPath)('attendee app: my agenda, offline', () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('a guest finds a forum, stars it, sees the overlap warning, goes offline and still opens it', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await logIn(page, server.url, GUEST);

    await page.getByRole('link', { name: 'Programme', exact: true }).click();
    await page.getByLabel('Search sessions and speakers').fill('artificial intelligence');
    await page.getByRole('link', { name: 'Artificial intelligence: making life better' }).click();
    await expect.poll(() => page.locator('h2').textContent()).toBe('Artificial intelligence: making life better');
    await page.getByRole('button', { name: '☆ Add to my agenda' }).click();
    await expect.poll(() => page.locator('button.star').getAttribute('aria-pressed')).toBe('true');

    await page.goto(`${server.url}/?day=2017-12-04`);
    await page.locator('li[data-code="F01"] a').click();
    await page.getByRole('button', { name: '☆ Add to my agenda' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('This overlaps 1 other session(s) in your agenda:Artificial intelligence: making life better (09:00–12:00)');

    await waitUntilOfflineReady(page, 2);
    await context.setOffline(true);
    await page.goto(`${server.url}/?day=2017-12-04`);
    await expect.poll(() => page.locator('.offline-banner').textContent()).toContain('You are offline');
    await page.locator('li[data-code="F01"] a').click();
    await expect.poll(() => page.locator('h2').textContent()).toBe('Global digital economy: deeper cooperation, greater mutual benefit');
    expect(await page.locator('button.star').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.notice li').textContent()).toBe('Artificial intelligence: making life better (09:00–12:00)');
    await page.getByRole('link', { name: 'My agenda', exact: true }).click();
    await expect.poll(() => page.locator('main li[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(['F01', 'F06']);
    await context.close();
  });

  it('sends a star made offline once the network is back', async () => {
    const sessions = await sessionsByCode(server.url);
    const f13 = sessions.get('F13')!;
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await logIn(page, server.url, 'chair4@wic2017.example.org');
    await page.goto(`${server.url}/sessions/${f13.guid}`);
    await page.getByRole('button', { name: '☆ Add to my agenda' }).waitFor();
    await waitUntilOfflineReady(page, 0);

    await context.setOffline(true);
    await page.getByRole('button', { name: '☆ Add to my agenda' }).click();
    await expect.poll(() => page.locator('.offline-banner').textContent()).toContain('1 change(s) will be sent when you are back online.');
    expect(await page.locator('button.star').getAttribute('aria-pressed')).toBe('true');
    expect(await agendaOf(server.url, 'chair4@wic2017.example.org')).toEqual([]);

    await context.setOffline(false);
    await expect.poll(() => agendaOf(server.url, 'chair4@wic2017.example.org')).toEqual([f13.id]);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('huiwu.agendaQueue'))).toBeNull();
    await context.close();
  });
});
