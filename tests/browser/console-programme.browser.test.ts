import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleLogin, publishedSessions } from './console-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

// A loaded machine (two Chromiums, other suites) can be slow: generous step and test timeouts.
describe.skipIf(!chromiumPath)('console programme editor in Chromium', { timeout: 90_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('lets an organiser retitle a session and publish it, and a guest sees the new title after a reload', async () => {
    const guest = await browser.newPage({ locale: 'en-GB' });
    guest.setDefaultTimeout(20_000);
    await guest.request.post(`${server.url}/api/v1/auth/login`, { data: { email: 'guest@wic2017.example.org', password: 'wuzhen-demo-2017' } });
    await guest.goto(server.url);
    await expect.poll(() => guest.locator('li[data-code="OC"] strong').textContent(), { timeout: 20_000 }).toBe('Opening ceremony');

    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org');
    await page.getByRole('link', { name: 'The 4th World Internet Conference (WIC 2017)' }).click();
    await page.getByRole('navigation', { name: 'Event pages' }).getByRole('link', { name: 'Programme' }).click();
    await page.locator('tr[data-code="OC"] a').click();
    const title = page.getByRole('group', { name: 'Title' });
    await expect.poll(() => title.getByLabel('English').inputValue()).toBe('Opening ceremony');
    await title.getByLabel('English').fill('Opening ceremony of the 4th WIC');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await page.getByRole('navigation', { name: 'Event pages' }).getByRole('link', { name: 'Publish' }).click();
    await page.getByRole('button', { name: 'Publish the programme' }).click();
    await page.getByText('Published as version 2').waitFor();
    expect(await page.locator('.ok-box li').allTextContents()).toEqual(['Changed OC · Opening ceremony of the 4th WIC (title)']);

    await guest.reload();
    await expect.poll(() => guest.locator('li[data-code="OC"] strong').textContent(), { timeout: 20_000 }).toBe('Opening ceremony of the 4th WIC');
    await guest.close();
    await page.close();
  });

  it('warns of the clash live, while the organiser edits, before anything is saved', async () => {
    const sessions = await publishedSessions(server.url);
    const f13 = sessions.get('F13')!;
    const f09 = sessions.get('F09')!;
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', `#/e/wic2017/sessions/${f13.id}`);
    await page.getByLabel('Room', { exact: true }).selectOption(String(f09.roomId));
    await page.locator('#session-conflicts li[data-kind="room_double_booked"]').waitFor();
    const draft = await server.app.deps.db.selectFrom('sessions').select('room_id').where('id', '=', f13.id).executeTakeFirstOrThrow();
    expect(draft.room_id).toBe(f13.roomId);
    await page.getByLabel('Room', { exact: true }).selectOption(String(f13.roomId));
    await expect.poll(() => page.locator('#session-conflicts li[data-kind="room_double_booked"]').count()).toBe(0);
    await page.close();
  });

  it('warns of a double-booked room when a forum is moved into an occupied room at the same time', async () => {
    const sessions = await publishedSessions(server.url);
    const f13 = sessions.get('F13')!;
    const f09 = sessions.get('F09')!;
    expect(f13.startsAt).toBe(f09.startsAt);
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', `#/e/wic2017/sessions/${f13.id}`);
    await page.getByLabel('Room', { exact: true }).selectOption(String(f09.roomId));
    await page.getByRole('button', { name: 'Save' }).click();
    const warning = page.locator('#session-conflicts li[data-kind="room_double_booked"]');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/booked twice at the same time: (F09, F13|F13, F09)$/);
    expect(await page.locator('#session-conflicts h3').textContent()).toBe('Conflicts (1)');

    await page.getByRole('navigation', { name: 'Event pages' }).getByRole('link', { name: 'Conflicts' }).click();
    await page.locator('.conflict-list li[data-kind="room_double_booked"]').first().waitFor();
    await page.close();
  });

  it('shows the API\'s refusal next to the field it names, in the reader\'s language', async () => {
    const sessions = await publishedSessions(server.url);
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'zh-CN', `#/e/wic2017/sessions/${sessions.get('F17')!.id}`);
    const ends = page.getByLabel('结束', { exact: true });
    await ends.fill('2017-12-04T08:00');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => ends.getAttribute('aria-invalid')).toBe('true');
    const described = await ends.getAttribute('aria-describedby');
    const message = await page.locator(`[id="${described!.split(' ').pop()!}"]`).textContent();
    expect(message).toMatch(/结束/);
    expect(await page.getByLabel('开始', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    await page.close();
  });

  it('adds a board with a bilingual title, offered at once in the board filter', async () => {
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', '#/e/wic2017/programme');
    await page.getByText('Boards', { exact: true }).click();
    await page.getByText('New board', { exact: true }).click();
    const form = page.getByRole('form', { name: 'New board' });
    await form.getByLabel('Code').fill('board-6');
    await form.getByRole('group', { name: 'Title' }).getByLabel('Chinese').fill('数字丝路');
    await form.getByRole('group', { name: 'Title' }).getByLabel('English').fill('Digital Silk Road');
    await form.getByRole('button', { name: 'Add board' }).click();
    await expect.poll(() => page.locator('.toolbar select option').allTextContents(), { timeout: 20_000 }).toContain('board-6 · Digital Silk Road');
    await page.close();
  });

  it('passes an automated WCAG 2.1 AA check on the editor and on the overview with its charts', async () => {
    const sessions = await publishedSessions(server.url);
    const page = await consoleLogin(browser, server.url, 'organiser@wic2017.example.org', 'en-GB', `#/e/wic2017/sessions/${sessions.get('F01')!.id}`);
    await page.getByRole('group', { name: 'Title' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/console#/e/wic2017`);
    await page.locator('.chart canvas').first().waitFor();
    // the programme's two charts and the live occupancy panel's two (inside now per zone, entries per 5 minutes)
    expect(await page.locator('.chart canvas').count()).toBe(4);
    expect(await page.locator('.figures-table tbody tr').count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
