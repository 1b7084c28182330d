import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleLogin } from './console-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

const ORGANISER = 'organiser@wic2017.example.org';

/** A GET in the signed-in page, so the console's own session cookie answers it. */
const fetchInPage = (page: Page, path: string) =>
  page.evaluate(async (p) => {
    const res = await fetch(p, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), head: String.fromCharCode(...bytes.slice(0, 5)), text: new TextDecoder().decode(bytes) };
  }, path);

// A loaded machine (two Chromiums, other suites) can be slow: generous step and test timeouts.
describe.skipIf(!chromiumPath)('console carts: live map, network editor, fleet and posters in Chromium', { timeout: 120_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("shows the 15 stops and 20 carts on the venue map with the figures, greys a cart taken out of service on the fleet tab, lists a guest's call within a refresh, and puts the cart back in service at a chosen stop", async () => {
    const page = await consoleLogin(browser, server.url, ORGANISER, 'en-GB', '#/e/wic2017/carts');
    const map = page.locator('svg.venue-map');
    await map.locator('.cart-marker').first().waitFor();
    expect(await map.locator('.stop-marker').count()).toBe(15);
    expect(await map.locator('.cart-marker').count()).toBe(20);
    expect(await map.locator('.cart-marker.out').count()).toBe(0);
    expect(await map.locator('.stop-marker[data-stop="CC-N"] text').textContent()).toBe('CC-N');
    // the demo's one-way loop round the convention centre is drawn with arrows
    expect(await map.locator('line.one-way').count()).toBe(4);
    expect(await map.locator('.cart-marker[data-cart="C01"] text').textContent()).toMatch(/^0\/\d+$/);
    expect(await page.getByTestId('cart-in-service').textContent()).toBe('20 / 20');
    expect(await page.getByTestId('cart-waiting').textContent()).toBe('0');
    expect(await page.getByTestId('cart-longest').textContent()).toBe('0:00');
    expect(await page.getByTestId('cart-aboard').textContent()).toBe('0');
    expect(await page.locator('table.cart-open tbody').textContent()).toBe('No open rides.');
    expect(await page.locator('table.cart-histogram tbody tr').count()).toBe(6);
    expect(await page.locator('.charts canvas').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Fleet' }).click();
    const fleet = page.locator('table.cart-fleet');
    await fleet.waitFor();
    expect(await fleet.locator('tbody tr').count()).toBe(20);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Take C20 out of service' }).click();
    await page.getByRole('button', { name: 'Put C20 back in service' }).waitFor();
    expect(await fleet.locator('tbody tr', { has: page.locator('th', { hasText: /^C20$/ }) }).locator('td').nth(4).textContent()).toBe('Out of service');

    await page.getByRole('link', { name: 'Live' }).click();
    await expect.poll(() => page.getByTestId('cart-in-service').textContent()).toBe('19 / 20');
    expect(await map.locator('.cart-marker.out').count()).toBe(1);
    expect(await map.locator('.cart-marker.out').getAttribute('data-cart')).toBe('C20');

    // a guest's call appears within a refresh: in the open rides, the waiting figure and the calls today
    const res = await fetch(`${server.url}/api/v1/events/wic2017/rides`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'CC-N', to: 'DZ', party: 3, phone: '+86 138 0000 0001' }),
    });
    const ride = (await res.json()) as { status: string; cart: { code: string } | null };
    expect(ride.status).toBe('assigned');
    await expect.poll(() => page.getByTestId('cart-waiting').textContent()).toBe('3');
    const open = page.locator('table.cart-open tbody tr');
    expect(await open.count()).toBe(1);
    expect(await open.locator('th').textContent()).toBe('Convention Centre North Plaza → Dongzha Scenic Area Entrance');
    expect((await open.locator('td').allTextContents()).slice(0, 4)).toEqual(['3', '–', 'Cart on its way', ride.cart!.code]);
    expect(await page.locator('p.hint', { hasText: /^Today/ }).textContent()).toMatch(/^Today — calls: 1, served: 0, refused: 0,/);
    expect(await map.locator('.stop-marker[data-stop="CC-N"] .waiting-badge text').textContent()).toBe('3');
    expect(await map.locator('.waiting-badge').count()).toBe(1);

    // back in service at a stop of the organiser's choosing
    await page.getByRole('link', { name: 'Fleet' }).click();
    await page.getByLabel('C20 back in service at').selectOption('P1');
    await page.getByRole('button', { name: 'Put C20 back in service' }).click();
    await page.getByRole('button', { name: 'Take C20 out of service' }).waitFor();
    expect(await fleet.locator('tbody tr', { has: page.locator('th', { hasText: /^C20$/ }) }).locator('td').nth(5).textContent()).toBe('P1 · Car Park P1 Shuttle Hub');
    await page.close();
  });

  it("renames a stop's English name and saves the network, which the API then returns; a road to an unknown stop is refused beside that cell", async () => {
    const page = await consoleLogin(browser, server.url, ORGANISER, 'en-GB', '#/e/wic2017/carts');
    await page.getByRole('link', { name: 'Network' }).click();
    const form = page.getByRole('form', { name: 'Stops, roads and rules' });
    const press = form.getByLabel('English name of PRESS', { exact: true });
    expect(await press.inputValue()).toBe('Press Centre');
    expect(await form.locator('table.cart-stops tbody tr').count()).toBe(15);
    expect(await page.locator('.cart-map-preview svg .stop-marker').count()).toBe(15);
    await press.fill('International Press Centre');
    await form.getByRole('button', { name: 'Save the network' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved.');
    const network = JSON.parse((await fetchInPage(page, '/api/v1/events/wic2017/cart-network')).text) as { stops: Array<{ code: string; name: { en: string; zh: string } }> };
    expect(network.stops.find((s) => s.code === 'PRESS')?.name).toEqual({ zh: '新闻中心', en: 'International Press Centre' });

    const roads = await form.locator('table.cart-links tbody tr').count();
    await form.getByRole('button', { name: 'Add a road' }).click();
    const n = roads + 1;
    await form.getByLabel(`From, road ${n}`, { exact: true }).fill('CC-N');
    await form.getByLabel(`To, road ${n}`, { exact: true }).fill('NOWHERE');
    await form.getByLabel(`Driving seconds, road ${n}`, { exact: true }).fill('90');
    await form.getByLabel(`Metres, road ${n}`, { exact: true }).fill('400');
    await form.getByRole('button', { name: 'Save the network' }).click();
    const to = form.getByLabel(`To, road ${n}`, { exact: true });
    await expect.poll(() => to.getAttribute('aria-invalid')).toBe('true');
    const row = form.locator('table.cart-links tbody tr').nth(n - 1);
    expect(await row.locator('.field-error').allTextContents()).toEqual([`The link names the stop NOWHERE, which is not in the list of stops (links.${n - 1}.to).`]);
    // nothing was saved: the API still has the roads it had
    const after = JSON.parse((await fetchInPage(page, '/api/v1/events/wic2017/cart-network')).text) as { links: unknown[] };
    expect(after.links).toHaveLength(roads);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("adds a cart once its unknown driver is refused beside the driver field, and edits another cart's seats", async () => {
    const page = await consoleLogin(browser, server.url, ORGANISER, 'en-GB', '#/e/wic2017/carts/fleet');
    const rows = page.locator('table.cart-fleet tbody tr');
    await rows.first().waitFor();
    const before = await rows.count();
    const form = page.getByRole('form', { name: 'New cart' });
    await form.getByLabel('Cart', { exact: true }).fill('C99');
    await form.getByLabel('Seats').fill('6');
    await form.getByLabel('Driver').fill('nobody@example.org');
    await form.getByLabel('Starts at stop').selectOption('P1');
    await form.getByLabel('Takes a wheelchair').check();
    await form.getByRole('button', { name: 'Add the cart' }).click();
    await expect.poll(() => form.locator('.field-error').allTextContents()).toEqual(["No account has the email nobody@example.org (driver): create the driver's account first."]);
    expect(await rows.count()).toBe(before);
    await form.getByLabel('Driver').fill('');
    await form.getByRole('button', { name: 'Add the cart' }).click();
    await expect.poll(() => rows.count()).toBe(before + 1);
    const added = rows.filter({ has: page.locator('th', { hasText: /^C99$/ }) });
    expect((await added.locator('td').allTextContents()).slice(0, 7)).toEqual(['6', 'Yes', '–', '08:00–20:00', 'Yes', 'P1 · Car Park P1 Shuttle Hub', '0/6 aboard, 0 planned']);

    await page.getByRole('button', { name: 'Edit C02' }).click();
    const edit = page.getByRole('form', { name: 'Edit cart C02' });
    await edit.getByLabel('Seats').fill('10');
    await edit.getByRole('button', { name: 'Save' }).click();
    const c02 = rows.filter({ has: page.locator('th', { hasText: /^C02$/ }) });
    await expect.poll(() => c02.locator('td').first().textContent()).toBe('10');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('offers every poster as one PDF and each stop on its own, saying what the poster holds', async () => {
    const page = await consoleLogin(browser, server.url, ORGANISER, 'en-GB', '#/e/wic2017/carts/posters');
    const all = page.getByRole('link', { name: 'Download all posters as one PDF (15 stops)' });
    const href = await all.getAttribute('href');
    expect(href).toBe('/api/v1/events/wic2017/cart-posters.pdf');
    const pdf = await fetchInPage(page, href!);
    expect({ status: pdf.status, type: pdf.type, head: pdf.head }).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });
    const one = await page.getByRole('link', { name: 'Poster for XZ-N (PDF)' }).getAttribute('href');
    expect(one).toBe('/api/v1/events/wic2017/cart-posters.pdf?stop=XZ-N');
    expect((await fetchInPage(page, one!)).head).toBe('%PDF-');
    expect(await page.locator('table.cart-posters tbody tr', { has: page.locator('th', { hasText: /^XZ-N$/ }) }).locator('code').textContent()).toBe(`${server.url}/app/cart/wic2017/XZ-N`);
    expect(await page.getByText(/^the link it opens, the call page of that stop/).textContent()).toContain('/app/cart/wic2017/<STOP>');
    await page.close();
  });

  it('names the carts page and its tabs in Chinese', async () => {
    const page = await consoleLogin(browser, server.url, ORGANISER, 'zh-CN', '#/e/wic2017/carts');
    await page.locator('svg.venue-map .cart-marker').first().waitFor();
    expect(await page.getByRole('navigation', { name: '观光车栏目' }).getByRole('link').allTextContents()).toEqual(['实时', '线路网', '车队', '站牌']);
    expect(await page.locator('.event-nav a[aria-current="page"]').textContent()).toBe('观光车');
    expect(await page.locator('h2').textContent()).toBe('观光车');
    expect(await page.locator('.cart-figures dt').allTextContents()).toEqual(['正在等车', '最长等待', '车上乘客', '运营车辆', '今日服务率']);
    await page.close();
  });
});
