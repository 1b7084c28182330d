import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, chromiumPath, launchBrowser } from './support.js';
import { DESK_EMAIL, signInAtStation, startStationsServer, type StationsServer } from './stations-support.js';

/** The badge desk in Chromium, in Chinese: find a guest by Chinese name, check the photo, hand out, see the time. */
describe.skipIf(!chromiumPath)('badge desk station', () => {
  let server: StationsServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startStationsServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 820, height: 1180 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const collectedAt = async (guestId: number) =>
    (await server.app.deps.db.selectFrom('guests').select('badge_collected_at').where('id', '=', guestId).executeTakeFirstOrThrow())
      .badge_collected_at;

  it('desk staff find a guest by Chinese name and see the card with a photo placeholder', async () => {
    await signInAtStation(page, server.url, DESK_EMAIL);
    await page.getByRole('heading', { name: '证件发放台', level: 2 }).waitFor();
    await page.getByLabel('查找嘉宾：任意文字的姓名、拼音/拉丁姓名、单位或邮箱').fill('晓明');
    await page.getByRole('button', { name: '查找', exact: true }).click();
    await page.getByRole('heading', { name: '李晓明', level: 3 }).waitFor();
    const card = page.locator('.guest-card');
    expect(await card.textContent()).toContain('LI Xiaoming');
    expect(await card.textContent()).toContain('浙江大学');
    expect(await card.textContent()).toContain('嘉宾');
    // no photo was uploaded: a placeholder, not a broken image
    expect(await card.getByRole('img', { name: '无照片' }).count()).toBe(1);
    expect(await card.locator('img').count()).toBe(0);
  });

  it('hands out the badge only after the identity check, and shows the first pickup time', async () => {
    const button = page.getByRole('button', { name: '发放证件' });
    expect(await button.isDisabled()).toBe(true);
    await page.getByLabel('我已核对本人与照片及身份证件一致').check();
    await button.click();
    await expect.poll(() => page.getByTestId('collected').textContent()).toMatch(/^证件已于 .+ 发放$/);
    const at = await collectedAt(server.guests.li!.id);
    expect(at).not.toBeNull();
    // shown in Wuzhen's time: the hour on screen is the stored instant's hour in Asia/Shanghai
    const hour = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(at!));
    expect(await page.getByTestId('collected').textContent()).toContain(hour);
  });

  it('finds the guest of a scanned invitation QR: a collected badge keeps its original time, a guest with a photo shows it large', async () => {
    const first = await collectedAt(server.guests.li!.id);
    await page.getByText('扫描邀请函二维码').click();
    await page.getByLabel('邀请码（扫描枪或摄像头）').fill(`${server.url}/app/register/${server.guests.li!.token}`);
    await page.getByLabel('邀请码（扫描枪或摄像头）').press('Enter');
    await expect.poll(() => page.getByTestId('collected').textContent()).toMatch(/^证件已于 .+ 领取$/);
    expect(await page.getByRole('button', { name: '发放证件' }).count()).toBe(0);
    expect(await collectedAt(server.guests.li!.id)).toBe(first);

    await page.getByLabel('邀请码（扫描枪或摄像头）').fill(`${server.url}/app/register/${server.guests.smith!.token}`);
    await page.getByLabel('邀请码（扫描枪或摄像头）').press('Enter');
    await page.getByRole('heading', { name: 'Anna Smith', level: 3 }).waitFor();
    expect(await page.getByRole('button', { name: '发放证件' }).count()).toBe(1);
    // this guest has a photo: shown large for the identity check, loaded from the desk's photo route
    const photo = page.getByRole('img', { name: 'Anna Smith 的照片' });
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(300);
    expect(await photo.evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width)).toBeGreaterThanOrEqual(160);
  });

  it('treats an invitation link typed into the search box by a scanner as a scan', async () => {
    const search = page.getByLabel('查找嘉宾：任意文字的姓名、拼音/拉丁姓名、单位或邮箱');
    await search.fill(`${server.url}/app/register/${server.guests.wang!.token}`);
    await search.press('Enter');
    await page.getByRole('heading', { name: '王芳', level: 3 }).waitFor();
    expect(await search.inputValue()).toBe('');
  });

  it('says so in Chinese when the invitation code belongs to nobody', async () => {
    await page.getByLabel('邀请码（扫描枪或摄像头）').fill(`${server.url}/app/register/not-a-real-token`);
    await page.getByLabel('邀请码（扫描枪或摄像头）').press('Enter');
    await expect.poll(() => page.locator('.desk [role="alert"]').textContent()).toContain('本活动没有持此邀请的嘉宾');
  });

  it('has no WCAG 2.1 A/AA violations', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });
});
