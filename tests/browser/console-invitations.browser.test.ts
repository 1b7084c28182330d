import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/platform/auth/principal.js';
import { decodeQr } from '../support/qr.js';
import { consoleLogin } from './console-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

const CSV = [
  '姓名,单位,类别,邮箱,语言',
  '钱十,北京大学,贵宾,qian.shi@example,中文',
  'Radia Perlman,Dell,speaker,radia@example.org,en',
  '',
].join('\r\n');

describe.skipIf(!chromiumPath)('console invitations in Chromium', { timeout: 120_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('shows a bad cell, takes the fix inline, imports all rows, sends, and previews the message with its link', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017/invitations');
    await page.getByLabel('Invitee file').setInputFiles({ name: 'invitees.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: 'Read file' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('2 rows read from CSV utf-8; 1 with errors.');
    const bad = page.locator('tr[data-line="2"]');
    expect(await bad.getByRole('alert').textContent()).toBe('This is not an email address.');
    expect(await axeViolations(page)).toEqual([]);

    await bad.getByLabel('Line 2 Email').fill('qian.shi@example.cn');
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await expect
      .poll(() => page.getByText(/guests imported/).textContent())
      .toBe('2 guests imported, 0 delegations created; 0 rows left to fix.');
    await page.getByRole('button', { name: 'Send invitations to the 2 guests just imported' }).click();
    await expect
      .poll(() => page.getByText(/^Invitations:/).textContent())
      .toBe('Invitations: 0 sent, 2 written to the outbox, 0 failed, 0 still going out, 0 refused.');

    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('button', { name: '钱十' }).click();
    const preview = page.getByRole('article', { name: 'Message preview' });
    await expect.poll(() => preview.locator('pre').textContent()).toMatch(/^尊敬的钱十：/);
    const body = (await preview.locator('pre').textContent()) ?? '';
    const token = /\/app\/register\/([A-Za-z0-9_-]{43})/.exec(body)?.[1];
    const guest = await server.app.deps.db
      .selectFrom('guests')
      .select('invite_hash')
      .where('email', '=', 'qian.shi@example.cn')
      .executeTakeFirstOrThrow();
    expect(guest.invite_hash).toBe(sha256(token!));
    const qr = preview.getByRole('img', { name: 'QR code of the invitation link, as in the email' });
    const png = Buffer.from(((await qr.getAttribute('src')) ?? '').replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(await decodeQr(png)).toEqual([`${server.url}/app/register/${token}`]);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
