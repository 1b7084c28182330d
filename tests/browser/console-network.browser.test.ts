import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleLogin } from './console-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

const RAW = /Failed to fetch|NetworkError|Bad Gateway|\b50\d\b|Internal Server Error/;

describe.skipIf(!chromiumPath)('console network failures in the reader\'s language in Chromium', { timeout: 90_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('says in English that the server cannot be reached, and reads again on "Try again" once it can', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017');
    await page.getByRole('navigation', { name: 'Event pages' }).waitFor();
    // the connection drops for the conflicts list only
    await page.route('**/api/v1/events/wic2017/conflicts', (route) => route.abort('internetdisconnected'));
    await page.getByRole('navigation', { name: 'Event pages' }).getByRole('link', { name: 'Conflicts' }).click();
    const alert = page.locator('main [role="alert"]');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('No connection to the server. Check the network and try again.');
    expect(text).not.toMatch(RAW);
    expect(await axeViolations(page)).toEqual([]);

    await page.unroute('**/api/v1/events/wic2017/conflicts');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('main .conflict-list, main p.ok').first().waitFor();
    expect(await alert.count()).toBe(0);
    await page.close();
  });

  it('says in English that the server could not answer when a proxy answers 502 without our error body', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017');
    await page.getByRole('navigation', { name: 'Event pages' }).waitFor();
    await page.route('**/api/v1/events/wic2017/documents', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' }));
    await page.getByRole('navigation', { name: 'Event pages' }).getByRole('link', { name: 'Documents' }).click();
    const alert = page.locator('main [role="alert"]');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('The server could not answer just now. Please try again in a moment.');
    expect(text).not.toMatch(RAW);
    await page.close();
  });

  it('says in Chinese that a save did not reach the server, and that signing in cannot start without it', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'zh-CN', '#/e/wic2017/settings');
    const form = page.getByRole('form', { name: '活动设置' });
    await form.waitFor();
    await page.route('**/api/v1/events/wic2017', (route) => (route.request().method() === 'PATCH' ? route.abort('internetdisconnected') : route.continue()));
    await form.getByRole('button', { name: '保存' }).click();
    const alert = form.locator('[role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('无法连接服务器，请检查网络后重试。');
    await page.close();

    // a console opened while the server is unreachable says so, instead of a sign-in form that cannot work
    const fresh = await browser.newPage({ locale: 'zh-CN' });
    fresh.setDefaultTimeout(20_000);
    await fresh.route('**/api/v1/auth/me', (route) => route.abort('connectionrefused'));
    await fresh.goto(`${server.url}/console`);
    const down = fresh.locator('main [role="alert"]');
    await down.waitFor();
    expect(await down.textContent()).toContain('无法连接服务器，请检查网络后重试。');
    expect(await down.textContent()).not.toMatch(RAW);
    await fresh.unroute('**/api/v1/auth/me');
    await fresh.getByRole('button', { name: '重试' }).click();
    await fresh.getByLabel('邮箱').waitFor();
    await fresh.close();
  });
});
