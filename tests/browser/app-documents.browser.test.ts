import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST, logIn, PASSWORD } from './app-support.js';
import { axeViolations, chromiumPath, launchBrowser, startWebServer, type WebServer } from './support.js';
import { tinyPdf } from '../support/pdf.js';

const EV = '/api/v1/events/wic2017';


/** The organiser uploads a PDF for the event's guests, as the console would (multipart, cookie and CSRF token). */
async function uploadAsOrganiser(url: string): Promise<number> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'organiser@wic2017.example.org', password: PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const form = new FormData();
  form.append('title_zh', '乌镇展望');
  form.append('title_en', 'Wuzhen Outlook');
  form.append('description_zh', '大会成果文件。');
  form.append('description_en', 'The outcome document of the conference.');
  form.append('kind', 'outcome');
  form.append('audience', 'guests');
  form.append('file', new Blob([new Uint8Array(tinyPdf('Wuzhen'))], { type: 'application/pdf' }), 'outlook.pdf');
  const res = await fetch(`${url}${EV}/documents`, { method: 'POST', body: form, headers: { cookie, 'x-csrf-token': csrfToken } });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

describe.skipIf(!chromiumPath)('attendee app: documents', () => {
  let server: WebServer;
  let browser: Browser;
  let id: number;
  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    id = await uploadAsOrganiser(server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the documents a guest may see, bilingual, with a working download link, and keeps the list offline', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await logIn(page, server.url, GUEST);
    await page.getByRole('link', { name: 'Documents' }).click();
    await expect.poll(() => page.locator('main h2').textContent()).toBe('Documents');
    const item = page.locator(`li[data-document="${id}"]`);
    await expect.poll(() => item.locator('.document-title').textContent()).toBe('Wuzhen Outlook');
    expect(await item.textContent()).toContain('Outcome document');
    expect(await item.textContent()).toContain('The outcome document of the conference.');

    const link = item.getByRole('link', { name: /^Download PDF\W+Wuzhen Outlook$/ });
    const href = await link.getAttribute('href');
    expect(href).toBe(`${EV}/documents/${id}/file`);
    const got = await page.evaluate(async (u) => {
      const res = await fetch(u, { credentials: 'same-origin' });
      return { status: res.status, type: res.headers.get('content-type'), head: (await res.text()).slice(0, 8) };
    }, href!);
    expect(got).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-1.4' });

    expect(await axeViolations(page)).toEqual([]);

    // the list was read once online: it is still there offline
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      for (let i = 0; i < 200; i++) {
        const keys = await (await caches.open('api')).keys();
        if (keys.some((k) => k.url.endsWith('/documents'))) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the documents list was never cached');
    });
    await context.setOffline(true);
    await page.goto(`${server.url}/documents`);
    await expect.poll(() => page.locator(`li[data-document="${id}"] .document-title`).textContent()).toBe('Wuzhen Outlook');
    await context.close();
  });

  it('shows the titles in Chinese for a zh-CN reader, and nothing meant for guests to an anonymous one', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.url}/documents`);
    await expect.poll(() => page.locator('main h2').textContent()).toBe('文件');
    await page.getByText('暂无文件。').waitFor();
    await logIn(page, server.url, GUEST);
    await page.getByRole('link', { name: '文件' }).click();
    await expect.poll(() => page.locator(`li[data-document="${id}"] .document-title`).textContent()).toBe('乌镇展望');
    expect(await page.locator(`li[data-document="${id}"]`).textContent()).toContain('成果文件');
    await context.close();
  });
});
