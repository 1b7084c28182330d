import type { Page } from 'playwright-core';

export const PASSWORD = 'wuzhen-demo-2017';
export const GUEST = 'guest@wic2017.example.org';

interface Listed {
  id: number;
  guid: string;
  code: string;
}

/** The published WIC 2017 sessions, as the API lists them, by code. */
export async function sessionsByCode(url: string): Promise<Map<string, Listed>> {
  const res = await fetch(`${url}/api/v1/events/wic2017/programme`);
  const body = (await res.json()) as { sessions: Listed[] };
  return new Map(body.sessions.map((s) => [s.code, s]));
}

/** The session ids in an account's agenda, asked of the API directly (not through the browser). */
export async function agendaOf(url: string, email: string): Promise<number[]> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const res = await fetch(`${url}/api/v1/events/wic2017/agenda`, { headers: { cookie } });
  return ((await res.json()) as { items: Array<{ sessionId: number }> }).items.map((i) => i.sessionId);
}

/** Logs in through the app's own form and waits for the profile page. */
export async function logIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(`${url}/me`);
}

/** The service worker is active and its cache holds the programme and my agenda (with that many stars). */
export async function waitUntilOfflineReady(page: Page, stars: number): Promise<void> {
  await page.evaluate(async (stars) => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 200; i++) {
      const cache = await caches.open('api');
      const keys = await cache.keys();
      const agenda = keys.find((k) => k.url.endsWith('/agenda'));
      const cached = agenda ? ((await (await cache.match(agenda))!.json()) as { items: unknown[] }).items.length : -1;
      if (keys.some((k) => k.url.includes('/programme')) && cached === stars) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the programme and agenda were never cached');
  }, stars);
}
