import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { poppler } from '../support/qr.js';
import { consoleLogin } from './console-support.js';
import { axeViolations, chromiumPath, launchBrowser, startWebServer, type WebServer } from './support.js';

/** The console's Badges tab: issue what is missing, print a category with a live progress bar, reprint one. */
describe.skipIf(!chromiumPath)('console badges in Chromium', { timeout: 90_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  const speakers: number[] = [];
  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    const db = server.app.deps.db;
    const event = await db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow();
    const speaker = await db.selectFrom('categories').select('id').where('event_id', '=', event.id).where('code', '=', 'speaker').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    for (let i = 1; i <= 12; i++) {
      const row = await db
        .insertInto('guests')
        .values({ event_id: event.id, name: `讲者${i}`, name_latin: `Speaker ${String(i).padStart(2, '0')}`, sort_key: `speaker ${String(i).padStart(2, '0')}`, language: 'zh', status: 'approved', category_id: speaker.id, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      speakers.push(row.id);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('issues the missing credentials, prints the speakers into one PDF with progress, and reprints one badge', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017/badges');
    const figure = (k: string) => page.locator(`[data-figure="${k}"] dd`).textContent();
    // the demo brings its own accredited guests: count them as the server does
    const db = server.app.deps.db;
    const approved = await db.selectFrom('guests').select('id').where('status', '=', 'approved').where('category_id', 'is not', null).execute();
    const issued = await db.selectFrom('credentials').select('id').where('revoked_at', 'is', null).execute();
    await expect.poll(() => figure('approved')).toBe(String(approved.length));
    expect(await figure('withBadge')).toBe(String(issued.length));

    await page.getByRole('button', { name: 'Issue missing credentials' }).click();
    await page.getByRole('status').filter({ hasText: `Credentials issued: ${approved.length - issued.length}.` }).waitFor();
    await expect.poll(() => figure('withBadge')).toBe(String(approved.length));

    await page.getByLabel('Category').selectOption({ label: 'Speaker' });
    await page.getByRole('button', { name: 'Print into one PDF' }).click();
    const download = page.getByRole('link', { name: 'Download the PDF (12 badges)' });
    await download.waitFor();
    expect(await page.locator('.batch progress').getAttribute('value')).toBe('12');
    expect(await page.locator('.batch [role="status"]').textContent()).toBe('12 / 12');
    const printed = await db.selectFrom('credentials').select('id').where('revoked_at', 'is', null).where('printed_at', 'is not', null).execute();
    expect(printed.length).toBeGreaterThanOrEqual(12);
    await expect.poll(() => figure('printed')).toBe(String(printed.length));
    const pdf = await page.request.get(new URL((await download.getAttribute('href'))!, server.url).toString());
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    if (inject('poppler')) expect(poppler('pdfinfo', await pdf.body())).toMatch(/^Pages:\s+12$/m);
    expect(await axeViolations(page)).toEqual([]);

    page.once('dialog', (d) => void d.accept());
    const row = page.locator(`tr[data-guest="${speakers[0]}"]`);
    const before = await db.selectFrom('credentials').select('id').where('guest_id', '=', speakers[0]!).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
    await row.getByRole('button', { name: 'Reprint' }).click();
    await row.getByRole('status').filter({ hasText: 'new credential issued' }).waitFor();
    const revoked = await db.selectFrom('credentials').select('revoked_at').where('id', '=', before.id).executeTakeFirstOrThrow();
    expect(revoked.revoked_at).not.toBeNull();
    await page.close();
  });
});
