import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { consoleLogin } from './console-support.js';
import { axeViolations, chromiumPath, type WebServer, withServerAndBrowser } from './support.js';

const ORGANISER = 'organiser@wic2017.example.org';

/** A write as the signed-in organiser, through the console's own session cookie and CSRF token. */
const postInPage = (page: Page, path: string, body: object) =>
  page.evaluate(
    async ([p, b]) => {
      const csrf = sessionStorage.getItem('huiwu.csrf') ?? '';
      const res = await fetch(p, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(b) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    [path, body] as const,
  );

describe.skipIf(!chromiumPath)('console vehicles: cameras, permits and the live log of passages in Chromium', { timeout: 120_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('adds a camera and a permit through the console (a bad plate refused beside its field), then shows an allow and an officer row live with their reasons, owner and images', async () => {
    const page = await consoleLogin(browser, server.url, ORGANISER, 'en-GB', '#/e/wic2017/vehicles/cameras');
    const camForm = page.getByRole('form', { name: 'New camera' });
    await camForm.getByLabel('Code', { exact: true }).fill('GATE-N');
    const name = camForm.getByRole('group', { name: 'Name' });
    await name.getByLabel('Chinese').fill('北门');
    await name.getByLabel('English').fill('North gate');
    await camForm.getByLabel('Leads into zone').selectOption('MAIN');
    await camForm.getByLabel('Camera kind').selectOption('json');
    await camForm.getByRole('button', { name: 'Add the camera' }).click();
    const camRow = page.locator('table.vehicle-cameras tbody tr', { has: page.locator('th', { hasText: /^GATE-N$/ }) });
    await camRow.waitFor();
    expect(await camRow.locator('code').textContent()).toBe(`${server.url}/api/v1/events/wic2017/cameras/GATE-N/anpr`);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Permits' }).click();
    const form = page.getByRole('form', { name: 'New permit' });
    await form.getByLabel('Plate', { exact: true }).fill('- -');
    await form.getByLabel('Owner').fill('Protocol office');
    await form.getByLabel('Zones').fill('MAIN');
    await form.getByRole('button', { name: 'Add the permit' }).click();
    const plate = form.getByLabel('Plate', { exact: true });
    await expect.poll(() => plate.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field-error').allTextContents()).toEqual(['No plate can be read in "- -" (plate).']);
    await plate.fill('浙A12345');
    await form.getByRole('button', { name: 'Add the permit' }).click();
    const permitRow = page.locator('table.vehicle-permits tbody tr', { has: page.locator('th', { hasText: /^浙A12345$/ }) });
    await permitRow.waitFor();
    expect((await permitRow.locator('td').allTextContents()).slice(0, 5)).toEqual(['Car', 'Protocol office', 'MAIN', 'Always', '–']);
    expect(await axeViolations(page)).toEqual([]);

    // the camera's device account, made as the organiser; then the camera posts an exact plate and a close one
    const account = await postInPage(page, '/api/v1/events/wic2017/accounts', { email: 'anpr-north@wic2017.example.org', displayName: 'North gate camera', role: 'device' });
    expect(account.status).toBe(201);
    const token = account.body.token as string;
    const jpeg = await sharp({ create: { width: 160, height: 90, channels: 3, background: '#345' } }).jpeg().toBuffer();
    const anpr = async (body: object) => {
      const res = await fetch(`${server.url}/api/v1/events/wic2017/cameras/GATE-N/anpr`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      return (await res.json()) as { recorded: string; reason: string };
    };

    await page.getByRole('link', { name: 'Live' }).click();
    const rows = page.locator('table.vehicle-passages tbody tr');
    await expect.poll(() => rows.first().textContent()).toBe('No passages yet.');
    // the server pushes passages: the console then asks only every 30 s as a backup, so rows within 5 s came by the push
    await expect.poll(() => page.getByTestId('passages-live').textContent()).toBe('newest first, pushed live as cameras report');
    expect(await anpr({ plate: '浙A12345', confidence: 0.97, image: jpeg.toString('base64') })).toMatchObject({ recorded: 'allow', reason: 'permit' });
    expect(await anpr({ plate: '浙A1Z345', confidence: 0.81 })).toMatchObject({ recorded: 'officer', reason: 'close_match' });

    await expect.poll(() => rows.count(), { timeout: 5000 }).toBe(2);
    // newest first: the close match, which stands out for an officer
    const officer = rows.nth(0);
    expect(await officer.getAttribute('class')).toBe('passage-officer');
    expect(await officer.locator('th').textContent()).toBe('浙A1Z345');
    expect(await officer.locator('.decision').textContent()).toBe('Officer');
    expect(await officer.locator('td.reason').textContent()).toBe('Close to permit 浙A12345: an officer checks the plate' + 'Officer: go to the barrier');
    expect(await officer.locator('td.owner').textContent()).toBe('Protocol office · 浙A12345');
    const allow = rows.nth(1);
    expect(await allow.locator('.decision').textContent()).toBe('Allow');
    expect(await allow.locator('.decision').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(220, 252, 231)');
    expect(await allow.locator('td.reason').textContent()).toBe('Valid permit for this zone');
    expect(await allow.locator('td').nth(1).textContent()).toBe('North gate (GATE-N)');
    expect(await page.getByTestId('vehicle-tile-allow').textContent()).toBe('1');
    expect(await page.getByTestId('vehicle-tile-officer').textContent()).toBe('1');
    expect(await page.getByTestId('vehicle-tile-deny').textContent()).toBe('0');

    // the thumbnail is the camera's image, and opens large
    const thumb = allow.locator('.thumbs img');
    await expect.poll(() => thumb.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(160);
    await allow.getByRole('button', { name: /^Enlarge Image 1 of 浙A12345/ }).click();
    const viewer = page.getByRole('dialog');
    await expect.poll(() => viewer.locator('img').evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(160);
    expect(await axeViolations(page)).toEqual([]);
    await viewer.getByRole('button', { name: 'Close' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);

    // filtered by decision
    await page.getByLabel('Decision', { exact: true }).selectOption('allow');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.locator('th').textContent()).toBe('浙A12345');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('imports permits from pasted CSV, showing the refused rows when one is wrong and nothing written, then revokes one', async () => {
    const page = await consoleLogin(browser, server.url, ORGANISER, 'en-GB', '#/e/wic2017/vehicles/permits');
    const rows = page.locator('table.vehicle-permits tbody tr');
    await page.locator('table.vehicle-permits').waitFor();
    const before = await rows.count();
    const form = page.getByRole('form', { name: 'Import permits from CSV' });
    await form.getByLabel('or paste the CSV').fill('plate,type,owner,zones,from,to\n粤B12345F,van,Delegation of Portugal,MAIN;FORUM,,\n京AD12345,car,Press pool,NOWHERE,,\n');
    await form.getByRole('button', { name: 'Import' }).click();
    const refused = form.locator('table.vehicle-import-errors tbody tr');
    await refused.first().waitFor();
    expect(await refused.count()).toBe(1);
    expect((await refused.first().locator('th, td').allTextContents()).slice(0, 2)).toEqual(['3', 'zones']);
    expect(await rows.count()).toBe(before);
    expect(await axeViolations(page)).toEqual([]);

    await form.getByLabel('or paste the CSV').fill('plate,type,owner,zones,from,to\n粤B12345F,van,Delegation of Portugal,MAIN;FORUM,,\n京AD12345,car,Press pool,MAIN,,\n');
    await form.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('2 permits imported.');
    await expect.poll(() => rows.count()).toBe(before + 2);
    const van = rows.filter({ has: page.locator('th', { hasText: /^粤B12345F$/ }) });
    expect((await van.locator('td').allTextContents()).slice(0, 3)).toEqual(['Van', 'Delegation of Portugal', 'MAIN, FORUM']);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke the permit for 粤B12345F' }).click();
    await expect.poll(() => van.getAttribute('class')).toBe('revoked');
    expect(await page.getByRole('button', { name: 'Revoke the permit for 粤B12345F' }).count()).toBe(0);
    await page.close();
  });

  it('names the vehicles page and its tabs in Chinese', async () => {
    const page = await consoleLogin(browser, server.url, ORGANISER, 'zh-CN', '#/e/wic2017/vehicles');
    await page.locator('table.vehicle-passages').waitFor();
    expect(await page.getByRole('navigation', { name: '车辆栏目' }).getByRole('link').allTextContents()).toEqual(['实时', '通行证', '摄像机']);
    expect(await page.locator('.event-nav a[aria-current="page"]').textContent()).toBe('车辆');
    expect(await page.locator('h2').textContent()).toBe('车辆');
    expect(await page.locator('.vehicle-tiles dt').allTextContents()).toEqual(['放行', '拒绝', '人工核查', '未识别', '无法读取']);
    await page.close();
  });
});
