import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RideView } from '../../src/modules/logistics/carts.schema.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

const PASSWORD = 'wuzhen-demo-2017';

const rideOf = async (url: string, token: string): Promise<RideView> =>
  (await (await fetch(`${url}/api/v1/rides/${token}`)).json()) as RideView;

/** Signs in on the driver station's own address and waits until it shows something past the sign-in form. */
async function signInAsDriverStation(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/stations/driver`);
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[type="password"]').fill(PASSWORD);
  await page.locator('input[type="password"]').press('Enter');
  await page.locator('input[type="password"]').waitFor({ state: 'detached' });
}

/**
 * The driver station in Chromium with the guest's ride page beside it: the guest calls a cart from the Convention
 * Centre to the Xizha entrance, the cart's station shows the pick-up with the guest's code, the driver reports
 * arrival, pick-up and drop-off, and the guest's page follows to "arrived".
 */
describe.skipIf(!chromiumPath)('stations: the cart driver', () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("opens the demo driver's own cart C01 at /stations/driver without asking which, shares the phone's position, and speaks Chinese", async () => {
    // the phone stands at the Convention Centre's north plaza, C01's home stop
    const context = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 412, height: 915 },
      permissions: ['geolocation'],
      geolocation: { latitude: 30.7452, longitude: 120.4826 },
    });
    const page = await context.newPage();
    await signInAsDriverStation(page, server.url, 'driver@wic2017.example.org');
    await expect.poll(() => page.locator('#driver-title').textContent()).toMatch(/^Cart C01 · \d+ seats/);
    expect(await page.locator('.in-service').textContent()).toBe('In service');
    expect(await page.getByRole('heading', { name: 'Which cart are you driving?' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Share my position from this phone').check();
    const c01 = () =>
      server.app.deps.db.selectFrom('carts').select(['lat', 'lon', 'driver_seq']).where('code', '=', 'C01').executeTakeFirstOrThrow();
    await expect.poll(async () => ({ lat: (await c01()).lat, lon: (await c01()).lon })).toEqual({ lat: 30.7452, lon: 120.4826 });
    expect(Number((await c01()).driver_seq)).toBeGreaterThan(0);

    // a breakdown and back: out of service, then in service again at its stop
    await page.getByText('Take the cart out of service').click();
    await page.getByLabel('Reason (optional)').fill('flat tyre');
    await page.getByRole('button', { name: 'Out of service now' }).click();
    await expect.poll(() => page.locator('.out-of-service').textContent()).toBe('Out of service');
    expect(
      (await server.app.deps.db.selectFrom('carts').select('in_service').where('code', '=', 'C01').executeTakeFirstOrThrow()).in_service,
    ).toBe(0);
    expect(await page.getByLabel('Back in service at').inputValue()).toBe('CC-N');
    await page.getByRole('button', { name: 'Back in service' }).click();
    await expect.poll(() => page.locator('.in-service').textContent()).toBe('In service');

    await page.getByLabel('Language').selectOption('zh');
    await expect.poll(() => page.locator('#driver-title').textContent()).toMatch(/^C01 号车 · \d+ 座/);
    expect(await page.locator('.in-service').textContent()).toBe('运营中');
    await context.close();
  }, 60_000);

  it('takes a guest from the call to the drop-off: pick-up with party and code, arrived, picked up, dropped off, and the guest sees it done', async () => {
    const guestContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 412, height: 915 } });
    const guest = await guestContext.newPage();
    await guest.goto(`${server.url}/app/cart/wic2017/CC-N`);
    await guest.getByLabel('Xizha Scenic Area North Entrance').check();
    await guest.getByRole('button', { name: 'One person more' }).click();
    await guest.getByLabel('Phone number').fill('+86 138 1234 5678');
    await guest.getByRole('button', { name: 'Call a cart' }).click();
    await guest.waitForURL(/\/app\/ride\//);
    const token = decodeURIComponent(new URL(guest.url()).pathname.split('/').pop()!);
    const ride = await rideOf(server.url, token);
    expect(ride.status).toBe('assigned');
    const cart = ride.cart!.code;

    // the organiser drives whichever cart the dispatcher chose
    const stationContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 412, height: 915 } });
    const station = await stationContext.newPage();
    await signInAsDriverStation(station, server.url, 'organiser@wic2017.example.org');
    await station.getByRole('heading', { name: 'Which cart are you driving?' }).waitFor();
    await station.locator(`button[data-cart="${cart}"]`).click();
    await expect.poll(() => station.locator('#driver-title').textContent()).toMatch(new RegExp(`^Cart ${cart} · `));

    const pickup = station.locator('.driver-ride.pickup').first();
    await expect.poll(() => pickup.textContent()).toContain(`2 person(s) · code ${ride.code}`);
    expect(await pickup.textContent()).toContain('5678');
    expect(await pickup.textContent()).toContain('Xizha Scenic Area North Entrance');
    expect(await axeViolations(station)).toEqual([]);

    const accept = station.getByRole('button', { name: `Accept ride ${ride.code}` });
    if (await accept.count()) await accept.click();
    // the arrival is reported without network: it waits on the phone and goes when the network is back
    await stationContext.setOffline(true);
    await station.getByRole('button', { name: 'Arrived at Convention Centre North Plaza' }).click();
    await expect.poll(() => station.locator('.driver-notes').textContent()).toContain('No network: 1 update(s) waiting');
    expect(
      await station.evaluate(
        (c) => JSON.parse(localStorage.getItem(`huiwu.driver.queue.wic2017.${c}`) ?? '[]').map((u: { kind: string }) => u.kind),
        cart,
      ),
    ).toEqual(['arrived']);
    await stationContext.setOffline(false);
    await expect.poll(() => station.evaluate((c) => localStorage.getItem(`huiwu.driver.queue.wic2017.${c}`), cart)).toBeNull();
    await expect.poll(() => station.locator('.driver-notes').textContent()).not.toContain('No network');
    await pickup.getByLabel("Guest's code (optional)").fill(ride.code);
    await pickup.getByRole('button', { name: 'Picked up' }).click();
    await expect.poll(async () => (await rideOf(server.url, token)).status).toBe('onboard');
    await expect
      .poll(() => guest.locator('.ride-status').textContent(), { timeout: 15_000 })
      .toMatch(/^On board, arriving at Xizha Scenic Area North Entrance ~\d\d:\d\d\.$/);

    await expect.poll(() => station.locator('.aboard').textContent()).toContain(`code ${ride.code}`);
    const dropoff = station.locator('.driver-ride.dropoff').first();
    await dropoff.getByRole('button', { name: 'Dropped off' }).click();
    await expect.poll(async () => (await rideOf(server.url, token)).status).toBe('done');
    await expect
      .poll(() => guest.locator('.ride-status').textContent(), { timeout: 15_000 })
      .toBe('You have arrived at Xizha Scenic Area North Entrance. Thank you for riding!');
    await expect.poll(() => station.locator('.aboard').count()).toBe(0);
    await guestContext.close();
    await stationContext.close();
  }, 120_000);
});
