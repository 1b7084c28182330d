import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

describe.skipIf(!chromiumPath)('attendee app in Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('shows the WIC 2017 programme in Chinese to a Chinese browser, opening on the first day', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(server.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('第四届世界互联网大会');
    await expect.poll(() => page.locator('li[data-code="OC"] strong').textContent()).toBe('开幕式');
    expect(await page.locator('li[data-code="OC"] time').first().textContent()).toBe('09:00');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.close();
  });

  it('shows it in English to an English browser and switches language on request', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(server.url);
    await expect.poll(() => page.locator('li[data-code="OC"] strong').textContent()).toBe('Opening ceremony');
    await page.getByLabel('Language').selectOption('zh');
    await expect.poll(() => page.locator('li[data-code="OC"] strong').textContent()).toBe('开幕式');
    await page.close();
  });

  it('passes an automated WCAG 2.1 AA check on the programme page', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(server.url);
    await page.locator('li[data-code="OC"]').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
