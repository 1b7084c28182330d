import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleLogin, publishedSessions } from './console-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

// A loaded machine (two Chromiums, other suites) can be slow: generous step and test timeouts.
describe.skipIf(!chromiumPath)('console sign-in, board scope and languages in Chromium', { timeout: 90_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('passes an automated WCAG 2.1 AA check on the login page, and shows a refused login next to the form', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(`${server.url}/console`);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill('organiser@wic2017.example.org');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).not.toBe('');
    await page.close();
  });

  it('shows a board chair only board 4 in the editor, and the refusal when a board-1 forum is opened', async () => {
    const sessions = await publishedSessions(server.url);
    const page = await consoleLogin(browser, server.url, 'chair4@wic2017.example.org', 'en-GB', '#/e/wic2017/programme');
    await page.locator('tr[data-code]').first().waitFor();
    const codes = await page.locator('tr[data-code]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    expect(codes.sort()).toEqual(['F13', 'F14', 'F15', 'F16']);
    const nav = await page.getByRole('navigation', { name: 'Event pages' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['Overview', 'Programme', 'Conflicts', 'People']);

    await page.goto(`${server.url}/console#/e/wic2017/sessions/${sessions.get('F01')!.id}`);
    const refusal = page.locator('[role="alert"][data-code="board_scope"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/board/i);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await page.close();
  });

  it('lets a board chair edit a speaker, with the form reached by keyboard and passing the WCAG 2.1 AA check', async () => {
    const page = await consoleLogin(browser, server.url, 'chair4@wic2017.example.org', 'en-GB', '#/e/wic2017/people');
    await page.getByLabel('Search people').fill('Grace');
    const open = page.getByRole('button', { name: "Grace O'Connell" });
    await open.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('person-editor');
    const position = page.getByRole('group', { name: 'Position' });
    await position.getByLabel('English').fill('Chief Privacy Officer, Tasman');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await page.locator('tr.selected td').nth(2).textContent()).toBe('Chief Privacy Officer, Tasman');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('lets an organiser rename the event and add a room, and refuses to delete a room in use', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017/settings');
    const name = page.getByRole('group', { name: 'Event name' }).getByLabel('English');
    await name.fill('WIC 2017');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.event-name').textContent(), { timeout: 20_000 }).toBe('WIC 2017');

    await page.getByRole('navigation', { name: 'Event pages' }).getByRole('link', { name: 'Venues and rooms' }).click();
    await page.getByText('New room', { exact: true }).click();
    const form = page.getByRole('form', { name: 'New room' });
    await form.getByRole('group', { name: 'Room name' }).getByLabel('Chinese').fill('媒体吹风室');
    await form.getByRole('group', { name: 'Room name' }).getByLabel('English').fill('Media briefing room');
    await form.getByLabel('Capacity').fill('80');
    await form.getByRole('button', { name: 'Add room' }).click();
    await page.locator('summary').filter({ hasText: 'Media briefing room' }).waitFor();

    page.once('dialog', (d) => void d.accept());
    await page.locator('summary').filter({ hasText: /^Main Hall/ }).click();
    const main = page.getByRole('form', { name: 'Main Hall' });
    await main.getByRole('button', { name: 'Delete room' }).click();
    await main.getByRole('alert').waitFor();
    expect(await main.getByRole('alert').textContent()).not.toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('renders in Chinese for a Chinese browser and in English for an English one', async () => {
    const zh = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'zh-CN', '#/e/wic2017/programme');
    await zh.getByRole('heading', { name: '日程' }).waitFor();
    await expect.poll(() => zh.locator('tr[data-code="OC"] a').textContent()).toBe('开幕式');
    expect(await zh.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await zh.close();

    const en = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017/programme');
    await en.getByRole('heading', { name: 'Programme' }).waitFor();
    await expect.poll(() => en.locator('tr[data-code="OC"] a').textContent()).toBe('Opening ceremony');
    await en.getByLabel('Language').selectOption('zh');
    await expect.poll(() => en.locator('tr[data-code="OC"] a').textContent()).toBe('开幕式');
    await en.close();
  });
});
