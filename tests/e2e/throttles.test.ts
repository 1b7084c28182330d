import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { databases, startTestApp, type TestApp } from '../support/harness.js';
import { setupCartEvent, EV, type CartFixture } from '../support/carts-fixture.js';
import { photoUpload, seedGuest } from '../support/registration-fixture.js';

/**
 * Public writes are throttled with small stepped limits (3 cart calls a minute per address for anonymous callers,
 * 5 for signed-in or badge callers, 2 per phone number, 2 photo uploads per invitation an hour): the call past a
 * limit answers 429 rate_limited in the standard error shape and the caller's language, with Retry-After, and every
 * other caller goes on as before.
 */
describe.each(databases())('public writes are throttled (%s)', (kind) => {
  let app: TestApp;
  let f: CartFixture;
  const ride = (from: string, body: object, headers: Record<string, string> = {}) =>
    app.app.inject({ method: 'POST', url: `${EV}/rides`, remoteAddress: from, payload: { from: 'A', to: 'C', party: 1, ...body }, headers });
  const statuses = (responses: LightMyRequestResponse[]) => responses.map((r) => r.statusCode);
  const limited = (res: LightMyRequestResponse) => {
    expect(res.statusCode).toBe(429);
    const retry = Number(res.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(3600);
    return res.json<{ error: { code: string; message: string; field: string | null } }>().error;
  };

  beforeAll(async () => {
    app = await startTestApp(kind, { HUIWU_RIDE_RATE: '3', HUIWU_RIDE_RATE_PREFERRED: '5', HUIWU_RIDE_RATE_PHONE: '2', HUIWU_PHOTO_RATE: '2' }, { webRoot: null });
    f = await setupCartEvent(app);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('limits cart calls per phone number, from any address, in the caller\'s language', async () => {
    const phone = '+86 138 1000 0001';
    expect(statuses([await ride('10.0.1.1', { phone }), await ride('10.0.1.1', { phone })])).toEqual([201, 409]);
    const zh = limited(await ride('10.0.1.1', { phone }, { 'accept-language': 'zh-CN' }));
    expect([zh.code, zh.message]).toEqual(['rate_limited', expect.stringMatching(/^尝试次数过多，请在 \d+ 秒 后重试。$/)]);
    // the same number written differently, from another address, is the same phone
    const en = limited(await ride('10.0.1.2', { phone: '+8613810000001' }, { 'accept-language': 'en' }));
    expect([en.code, en.message]).toEqual(['rate_limited', expect.stringMatching(/^Too many attempts; try again in \d+ s\.$/)]);
    expect((await ride('10.0.1.2', { phone: '+86 138 1000 0002' })).statusCode).toBe(201);
  });

  it('limits anonymous cart calls per address, leaving other addresses alone', async () => {
    const calls = [];
    for (let i = 1; i <= 3; i++) calls.push(await ride('10.0.2.1', { phone: `+86 138 2000 000${i}` }));
    expect(statuses(calls)).toEqual([201, 201, 201]);
    expect(limited(await ride('10.0.2.1', { phone: '+86 138 2000 0004' })).code).toBe('rate_limited');
    expect((await ride('10.0.2.2', { phone: '+86 138 2000 0005' })).statusCode).toBe(201);
  });

  it('gives a signed-in caller a higher allowance behind the same address, counted apart from anonymous callers', async () => {
    const signedIn = { cookie: f.admin.cookie, 'x-csrf-token': f.admin.csrf };
    const before = [];
    for (let i = 1; i <= 3; i++) before.push(await ride('10.0.3.1', { phone: `+86 138 3000 000${i}` }));
    expect(statuses(before)).toEqual([201, 201, 201]);
    expect(limited(await ride('10.0.3.1', { phone: '+86 138 3000 0004' })).code).toBe('rate_limited');
    // anonymous callers of this address are spent; the signed-in caller has 5 calls of their own (answered, not throttled)
    const known = [];
    for (let i = 0; i < 5; i++) known.push((await ride('10.0.3.1', {}, signedIn)).statusCode);
    expect(known.filter((s) => s === 429)).toEqual([]);
    expect(limited(await ride('10.0.3.1', {}, signedIn)).code).toBe('rate_limited');
  });

  it('counts a badge caller as known, not per phone', async () => {
    const badge = { badge: 'HW1.not-a-real-badge-but-a-badge-caller' };
    const answered = [];
    for (let i = 0; i < 5; i++) answered.push((await ride('10.0.4.1', badge)).statusCode);
    expect(answered).toEqual([400, 400, 400, 400, 400]);
    expect(limited(await ride('10.0.4.1', badge)).code).toBe('rate_limited');
  });

  it('limits photo uploads per invitation before reading them; other invitations upload as before', async () => {
    await seedGuest(app, f.eventId, { token: 'tok-throttle-one-'.padEnd(43, 'x'), name: 'Throttle One' });
    await seedGuest(app, f.eventId, { token: 'tok-throttle-two-'.padEnd(43, 'x'), name: 'Throttle Two' });
    const upload = (token: string, lang = 'en') => {
      const { payload, headers } = photoUpload(Buffer.from('not a photo at all\n'));
      return app.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/photo`, payload, headers: { ...headers, 'accept-language': lang } });
    };
    const one = 'tok-throttle-one-'.padEnd(43, 'x');
    expect(statuses([await upload(one), await upload(one)])).toEqual([415, 415]);
    const refused = limited(await upload(one, 'zh-CN'));
    expect([refused.code, refused.message]).toEqual(['rate_limited', expect.stringMatching(/^尝试次数过多，请在 60 分钟 后重试。$/)]);
    expect((await upload('tok-throttle-two-'.padEnd(43, 'x'))).statusCode).toBe(415);
  });
});
