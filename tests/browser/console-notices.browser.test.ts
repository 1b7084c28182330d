import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleLogin, PASSWORD } from './console-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

// A loaded machine (two Chromiums, other suites) can be slow: generous step and test timeouts.
describe.skipIf(!chromiumPath)('console notices in Chromium', { timeout: 90_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('publishes a bilingual notice to everyone and shows on the overview how many have read it', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017/notices');
    const form = page.getByRole('form', { name: 'New notice' });
    await form.getByRole('group', { name: 'Title' }).getByLabel('Chinese').fill('班车时间调整');
    await form.getByRole('group', { name: 'Title' }).getByLabel('English').fill('Shuttle times changed');
    await form.getByRole('group', { name: 'Text' }).getByLabel('Chinese').fill('明早班车提前半小时。');
    await form.getByRole('group', { name: 'Text' }).getByLabel('English').fill('Tomorrow morning the shuttles leave half an hour earlier.');
    await form.getByRole('button', { name: 'Publish now' }).click();
    await page.getByRole('status').filter({ hasText: 'it reaches' }).waitFor();
    const row = page.locator('tr[data-notice]').first();
    expect(await row.locator('td').first().textContent()).toContain('Shuttle times changed');
    expect(await axeViolations(page)).toEqual([]);

    const guest = await browser.newContext();
    const login = await guest.request.post(`${server.url}/api/v1/auth/login`, { data: { email: 'guest@wic2017.example.org', password: PASSWORD } });
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const id = await row.getAttribute('data-notice');
    expect((await guest.request.post(`${server.url}/api/v1/events/wic2017/notices/${id}/read`, { headers: { 'x-csrf-token': csrf } })).status()).toBe(200);
    await guest.close();

    await page.goto(`${server.url}/console#/e/wic2017`);
    await page.locator('.chart-notices canvas').waitFor();
    expect(await page.locator('.notices-table tbody tr').first().textContent()).toMatch(/^Shuttle times changed1 of \d+ \(\d+ %\)$/);
    await page.close();
  });
});
