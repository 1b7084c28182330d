import { invitationLink } from '../../src/modules/people/send-invitations.js';
import { registrationOf } from '../../src/modules/people/people.store.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facePhoto, registrationForm, seedDelegation, seedGuest } from '../support/registration-fixture.js';
import { logIn, PASSWORD } from './app-support.js';
import { axeViolations, chromiumPath, launchBrowser, startWebServer, type WebServer } from './support.js';

const TOKEN = 'browser-registration-token'.padEnd(43, 'b');

/** The invitee's registration page, opened from the personal link on a phone-sized screen. */
describe.skipIf(!chromiumPath)('attendee app: registration by invitation link', () => {
  let server: WebServer;
  let browser: Browser;
  let guestId: number;
  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    const event = await server.app.deps.db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow();
    guestId = await seedGuest(server.app, event.id, { token: TOKEN, name: '韩梅梅', categoryCode: 'speaker', email: 'han.meimei@guests.example.org' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows why a photo is refused, accepts a real one, and registers with the data-processing consent', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    // the personal link exactly as the invitation e-mail carries it (invitationLink)
    await page.goto(invitationLink(server.url, TOKEN));
    await expect.poll(() => page.locator('main h2').first().textContent()).toBe('Registration');
    await expect.poll(() => page.locator('main').textContent()).toContain('Dear 韩梅梅');

    const file = page.getByLabel('Choose or take a photo');
    await file.setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo at all') });
    await expect.poll(() => page.locator('.photo [role="alert"]').textContent()).toContain('not a photo');
    await file.setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: await facePhoto() });
    await expect.poll(() => page.locator('.photo [role="status"]').textContent()).toBe('Photo accepted (390×520 px).');

    await page.getByLabel('Document number').fill('E55554444');
    await page.getByLabel('Issuing country').fill('CN');
    await page.getByLabel('Valid until').fill('2028-01-31');
    await page.getByLabel('I need a hotel room').check();
    await page.getByLabel('Check-in').fill('2017-12-02');
    await page.getByLabel('Check-out').fill('2017-12-05');
    await page.getByRole('checkbox', { name: 'English', exact: true }).check();
    await page.getByLabel(/I agree to the processing of my personal data/).check();
    await page.getByLabel(/Being photographed/).check();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save registration' }).click();
    await expect.poll(() => page.locator('.status strong').textContent()).toBe("Registered: waiting for the secretariat's review.");

    const row = await server.app.deps.db.selectFrom('guests').select(['status', 'photo_key', 'consents', 'registration', 'vehicle']).where('id', '=', guestId).executeTakeFirstOrThrow();
    expect(row.status).toBe('registered');
    expect(row.photo_key).not.toBeNull();
    const consents = JSON.parse(row.consents!) as Record<string, { given: boolean }>;
    expect([consents['data_processing']?.given, consents['face_recognition']?.given, consents['photography']?.given]).toEqual([true, false, true]);
    // the passport number is stored sealed, and reads open it
    expect(row.registration).not.toContain('E55554444');
    expect(registrationOf(row, server.app.deps.secret)).toMatchObject({ identity: { number: 'E55554444', country: 'CN', expiry: '2028-01-31' }, hotel: { needed: true, checkIn: '2017-12-02' }, languages: ['en'] });
    await context.close();
  }, 90_000);

  it('lets a delegation head, from Me, upload the photo and fill in the form of a member of the delegation', async () => {
    const db = server.app.deps.db;
    const event = await db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow();
    const delegation = await seedDelegation(server.app, event.id, 'T-FR', '法国代表团', 'French delegation');
    const headToken = 'browser-head-token'.padEnd(43, 'h');
    await seedGuest(server.app, event.id, { token: headToken, name: 'Claire Martin', email: 'claire.martin@guests.example.org', delegationId: delegation, delegationHead: true });
    const memberId = await seedGuest(server.app, event.id, { token: 'browser-member-token'.padEnd(43, 'm'), name: 'Pierre Durand', delegationId: delegation });
    const res = await fetch(`${server.url}/api/v1/invitations/${headToken}/registration`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registrationForm({ password: PASSWORD })),
    });
    expect(res.status).toBe(200);

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    await logIn(page, server.url, 'claire.martin@guests.example.org');
    await page.getByRole('link', { name: 'My delegation' }).click();
    await expect.poll(() => page.locator('main h2').first().textContent()).toBe('Delegation: French delegation');
    await page.getByRole('button', { name: 'Pierre Durand' }).click();
    await page.getByLabel('Choose or take a photo').setInputFiles({ name: 'pierre.jpg', mimeType: 'image/jpeg', buffer: await facePhoto() });
    await expect.poll(() => page.locator('.photo [role="status"]').textContent()).toBe('Photo accepted (390×520 px).');
    await page.getByLabel('Document number').fill('15AB12345');
    await page.getByLabel('Issuing country').fill('FR');
    await page.getByLabel('Valid until').fill('2026-05-31');
    await page.getByLabel(/I agree to the processing of my personal data/).check();
    await page.getByRole('button', { name: 'Save registration' }).click();
    await expect.poll(() => page.locator('.members').textContent()).toContain("Registered: waiting for the secretariat's review.");
    const head = await db.selectFrom('users').select('id').where('email', '=', 'claire.martin@guests.example.org').executeTakeFirstOrThrow();
    // The head's own row already says "Registered", so the list text alone cannot tell that the member's save landed.
    const memberRow = () => db.selectFrom('guests').select(['status', 'consents', 'photo_key']).where('id', '=', memberId).executeTakeFirstOrThrow();
    await expect.poll(async () => (await memberRow()).status).toBe('registered');
    const member = await memberRow();
    expect(member.photo_key).not.toBeNull();
    expect((JSON.parse(member.consents!) as Record<string, { by: number }>)['data_processing']?.by).toBe(head.id);
    await context.close();
  }, 90_000);

  it('speaks Chinese to a Chinese browser, and tells an unknown link that it is not valid', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/register/${TOKEN}`);
    await expect.poll(() => page.locator('main h2').first().textContent()).toBe('参会报名');
    await page.goto(`${server.url}/register/${'x'.repeat(43)}`);
    await expect.poll(() => page.locator('main [role="alert"]').textContent()).toContain('邀请链接无效');
    await context.close();
  }, 60_000);
});
