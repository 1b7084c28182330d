import type { APIRequestContext, Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleLogin, PASSWORD, publishedSessions } from './console-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

const EV = '/api/v1/events/wic2017';

// A loaded machine (two Chromiums, other suites) can be slow: generous step and test timeouts.
describe.skipIf(!chromiumPath)('console overview in Chromium', { timeout: 90_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  /** Signs in through the API in the given request context; answers the CSRF token writes need. */
  async function signIn(request: APIRequestContext, email: string, password: string): Promise<string> {
    const res = await request.post(`${server.url}/api/v1/auth/login`, { data: { email, password } });
    expect(res.status()).toBe(200);
    return ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  it('charts the agenda stars guests made, most starred first, with the same figures in the table beside it', async () => {
    const sessions = await publishedSessions(server.url);
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB');
    const organiserCsrf = await signIn(page.request, 'organiser@wic2017.example.org', PASSWORD);
    const account = await page.request.post(`${server.url}${EV}/accounts`, {
      headers: { 'x-csrf-token': organiserCsrf },
      data: { email: 'second.guest@example.org', displayName: 'Second Guest', password: 'second guest password', role: 'guest' },
    });
    expect(account.status()).toBe(201);

    const star = async (email: string, password: string, codes: string[]) => {
      const guest = await browser.newContext();
      const csrf = await signIn(guest.request, email, password);
      for (const code of codes) {
        const res = await guest.request.put(`${server.url}${EV}/agenda/${sessions.get(code)!.id}`, { headers: { 'x-csrf-token': csrf } });
        expect(res.status()).toBe(200);
      }
      await guest.close();
    };
    await star('guest@wic2017.example.org', PASSWORD, ['F03', 'F01']);
    await star('second.guest@example.org', 'second guest password', ['F01']);

    await page.goto(`${server.url}/console#/e/wic2017`);
    await page.locator('.chart-stars canvas').waitFor();
    expect(await page.locator('.chart-stars canvas').getAttribute('aria-label')).toBe('Agenda stars per session');
    const rows = page.locator('.stars-table tbody tr');
    expect(await rows.locator('th').allTextContents()).toEqual([
      'F01 Global digital economy: deeper cooperation, greater mutual benefit',
      'F03 Venture capital and the internet industry: the next big wave',
    ]);
    expect(await rows.locator('td').allTextContents()).toEqual(['2', '1']);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
