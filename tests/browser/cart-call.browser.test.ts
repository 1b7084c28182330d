import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RideView } from '../../src/modules/logistics/carts.schema.js';
import { GUEST, logIn } from './app-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

const rideOf = async (url: string, token: string): Promise<RideView> =>
  (await (await fetch(`${url}/api/v1/rides/${token}`)).json()) as RideView;

/**
 * The guest's cart call in Chromium against the real server and the demo's Wuzhen network: the page a stop's QR
 * opens, in English and in Chinese, the call, the ride page with the cart and the code, reopening the app, cancel.
 */
describe.skipIf(!chromiumPath)('attendee app: calling a sightseeing cart', () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('calls a cart from CC-N to XZ-N for two in English and shows the assigned cart and its 4-digit code, as the API holds them', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/app/cart/wic2017/CC-N`);
    await expect.poll(() => page.locator('.here').textContent()).toBe('You are at Convention Centre North Plaza');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Search stops').first().fill('xizha north');
    await page.getByLabel('Xizha Scenic Area North Entrance').check();
    await page.getByRole('button', { name: 'One person more' }).click();
    expect(await page.getByLabel('Party size').inputValue()).toBe('2');
    await page.getByLabel('Phone number').fill('+86 138 0000 0000');
    await page.getByRole('button', { name: 'Call a cart' }).click();

    await page.waitForURL(/\/app\/ride\/[^/]+$/);
    const token = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const ride = await rideOf(server.url, token);
    expect(ride).toMatchObject({ status: 'assigned', party: 2, wheelchair: false, from: { code: 'CC-N' }, to: { code: 'XZ-N' } });
    expect(ride.code).toMatch(/^\d{4}$/);
    await expect
      .poll(() => page.locator('.ride-status').textContent())
      .toBe(`Cart ${ride.cart!.code} is on its way to Convention Centre North Plaza.`);
    expect(await page.locator('.ride-cart').textContent()).toBe(ride.cart!.code);
    expect(await page.locator('.ride-code').textContent()).toBe(ride.code);
    expect(await page.locator('.cart-marker').getAttribute('data-cart')).toBe(ride.cart!.code);
    expect(await page.locator('.ride-eta').textContent()).toMatch(/^Arrives in /);
    expect(await axeViolations(page)).toEqual([]);

    // reopening the app elsewhere offers the open ride
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Your cart ride: Follow your cart' }).click();
    await page.waitForURL(`${server.url}/app/ride/${encodeURIComponent(token)}`);

    await page.getByRole('button', { name: 'Cancel my ride' }).click();
    await expect.poll(() => page.locator('.ride-status').textContent()).toBe('You cancelled this ride.');
    expect((await rideOf(server.url, token)).status).toBe('cancelled');
    await page.goto(`${server.url}/`);
    await page.locator('main h2').first().waitFor();
    expect(await page.locator('.ride-banner').count()).toBe(0);
    await context.close();
  }, 90_000);

  it('speaks Chinese to a Chinese phone: the stop, the form and the assigned cart', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/app/cart/wic2017/XZ-N`);
    await expect.poll(() => page.locator('.here').textContent()).toBe('您在西栅景区北入口');
    expect(await page.getByRole('heading', { name: '呼叫观光车' }).count()).toBe(1);
    await page.getByLabel('会展中心北广场').check();
    await page.getByLabel('电话号码').fill('+86 139 0000 0000');
    await page.getByRole('button', { name: '呼叫观光车' }).click();
    await page.waitForURL(/\/app\/ride\//);
    await expect.poll(() => page.locator('.ride-status').textContent()).toMatch(/^C\d\d 号车正在前往西栅景区北入口。$/);
    await context.close();
  }, 90_000);

  it('shows the stop chooser for an unknown stop code', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/app/cart/wic2017/NOWHERE`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('The stop “NOWHERE” is not in service. Choose the stop you are at.');
    await page.getByRole('link', { name: 'Expo Hall 2' }).click();
    await expect.poll(() => page.locator('.here').textContent()).toBe('You are at Expo Hall 2');
    await context.close();
  }, 60_000);

  it('needs no phone from a signed-in guest, and after signing out takes the badge the phone kept as the caller', async () => {
    const db = server.app.deps.db;
    const user = await db.selectFrom('users').select('id').where('email', '=', GUEST).executeTakeFirstOrThrow();
    const guest = await db.selectFrom('guests').select('id').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    await logIn(page, server.url, GUEST);
    await page.goto(`${server.url}/badge`);
    await page.locator('img.badge-qr').waitFor();

    await page.goto(`${server.url}/app/cart/wic2017/HOTEL-E`);
    await expect.poll(() => page.locator('.cart-form').textContent()).toContain(': no phone number needed.');
    expect(await page.getByLabel('Phone number', { exact: true }).count()).toBe(0);
    await page.getByLabel('Dongzha Scenic Area Entrance').check();
    await page.getByRole('button', { name: 'Call a cart' }).click();
    await page.waitForURL(/\/app\/ride\//);
    const first = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await db.selectFrom('cart_rides').select(['user_id', 'status']).where('token', '=', first).executeTakeFirstOrThrow()).toEqual({
      user_id: user.id,
      status: 'assigned',
    });
    await page.getByRole('button', { name: 'Cancel my ride' }).click();
    await expect.poll(() => page.locator('.ride-status').textContent()).toBe('You cancelled this ride.');

    await context.clearCookies();
    await page.goto(`${server.url}/app/cart/wic2017/HOTEL-E`);
    await expect.poll(() => page.getByLabel('Use my badge (saved on this phone)').isChecked()).toBe(true);
    expect(await page.getByLabel('Phone number', { exact: true }).count()).toBe(0);
    await page.getByLabel('Dongzha Scenic Area Entrance').check();
    await page.getByRole('button', { name: 'Call a cart' }).click();
    await page.waitForURL(/\/app\/ride\//);
    const second = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(
      await db.selectFrom('cart_rides').select(['user_id', 'guest_id', 'phone']).where('token', '=', second).executeTakeFirstOrThrow(),
    ).toEqual({ user_id: null, guest_id: guest.id, phone: null });
    await context.close();
  }, 90_000);

  it('tells a guest at once when no cart can come within the maximum wait, with the estimated wait, and calls again on try again', async () => {
    const db = server.app.deps.db;
    const event = await db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow();
    const carts = await db.selectFrom('carts').select(['id', 'free_at']).where('event_id', '=', event.id).execute();
    // every cart busy for the next half hour: the 10-minute maximum wait cannot be met
    await db
      .updateTable('carts')
      .set({ free_at: Date.now() + 30 * 60_000 })
      .where('event_id', '=', event.id)
      .execute();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/app/cart/wic2017/PRESS`);
    await page.getByLabel('游客中心').check();
    await page.getByLabel('电话号码').fill('+86 137 0000 0000');
    await page.getByRole('button', { name: '呼叫观光车' }).click();
    const refused = page.locator('.refused');
    await expect.poll(() => refused.textContent()).toMatch(/^暂时没有车10 分钟内没有车能到达您这里；预计需要等待 \d+ 分钟。$/);
    const wait = Number(/等待 (\d+) 分钟/.exec((await refused.textContent())!)![1]);
    expect(wait).toBeGreaterThanOrEqual(30);
    expect(page.url()).toBe(`${server.url}/app/cart/wic2017/PRESS`);
    expect(await axeViolations(page)).toEqual([]);

    for (const c of carts) await db.updateTable('carts').set({ free_at: c.free_at }).where('id', '=', c.id).execute();
    await page.getByRole('button', { name: '重试' }).click();
    await page.waitForURL(/\/app\/ride\//);
    await expect.poll(() => page.locator('.ride-status').textContent()).toMatch(/^C\d\d 号车正在前往新闻中心。$/);
    await context.close();
  }, 90_000);
});
