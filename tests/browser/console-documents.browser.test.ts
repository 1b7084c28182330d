import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleLogin } from './console-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

// A loaded machine (two Chromiums, other suites) can be slow: generous step and test timeouts.
describe.skipIf(!chromiumPath)('console documents in Chromium', { timeout: 90_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('uploads a bilingual PDF that anyone can then download', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017/documents');
    await page.getByText('Upload a PDF', { exact: true }).first().click();
    const form = page.getByRole('form', { name: 'Upload a PDF' });
    await form.getByRole('group', { name: 'Title' }).getByLabel('Chinese').fill('乌镇展望');
    await form.getByRole('group', { name: 'Title' }).getByLabel('English').fill('Wuzhen Outlook');
    await form.getByLabel('Kind').selectOption('outcome');
    await form.getByLabel('PDF file').setInputFiles({ name: 'outlook.pdf', mimeType: 'application/pdf', buffer: PDF });
    await form.getByRole('button', { name: 'Upload a PDF' }).click();
    const item = page.locator('details[data-document] summary').filter({ hasText: 'Wuzhen Outlook' });
    await item.waitFor();
    expect(await item.textContent()).toContain('Outcome document');
    expect(await axeViolations(page)).toEqual([]);

    const id = await page.locator('details[data-document]').first().getAttribute('data-document');
    const res = await fetch(`${server.url}/api/v1/events/wic2017/documents/${id}/file`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.goto(`${server.url}/console#/e/wic2017`);
    await page.locator('.chart-documents canvas').waitFor();
    // the overview first shows the documents list cached by the documents page (0 downloads), then its refetch
    await expect.poll(() => page.locator('.documents-table tbody tr').allTextContents()).toEqual(['Wuzhen Outlook1']);
    await page.close();
  });
});
