import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHuiwu } from '../../src/main.js';
import { signCredential } from '../../src/modules/accreditation/index.js';
import { call, databases, startTestApp, type TestApp } from '../support/harness.js';
import { errorOf, expectStatus, HAN, refusalOf, snapshotDb } from '../support/fixtures.js';
import { callRide, drive, EV, rideId, setupCartEvent, update, type CartFixture, type Ride } from '../support/carts-fixture.js';

/**
 * The guest's call through real HTTP on both databases: the pooling dispatcher decides at once, the ride is
 * followed and cancelled by its token, and the rows survive a restart.
 */

describe.each(databases())('cart rides (%s)', (kind) => {
  let app: TestApp;
  let f: CartFixture;

  beforeEach(async () => {
    app = await startTestApp(kind, {}, { webRoot: null });
    f = await setupCartEvent(app);
  });
  afterEach(async () => {
    await app?.dispose();
  });

  const planOf = async (cart: string) =>
    JSON.parse(
      (await app.deps.db.selectFrom('carts').select('plan').where('id', '=', f.carts[cart]!).executeTakeFirstOrThrow()).plan,
    ) as Array<{ request: string; kind: string }>;

  it('lists the active stops, the rules and what the carts in service take', async () => {
    await app.deps.db.updateTable('cart_stops').set({ active: 0 }).where('id', '=', f.stops['D']!).execute();
    const res = await call(app, null, 'GET', `${EV}/cart-stops`);
    expectStatus(res, 200);
    const body = res.json<{
      stops: Array<{ code: string }>;
      rules: object;
      maxParty: number;
      wheelchair: boolean;
      event: { slug: string };
    }>();
    expect(body.stops.map((s) => s.code)).toEqual(['A', 'B', 'C', 'E']);
    expect(body.rules).toEqual({ maxWaitSeconds: 600, maxRideFactor: 2, noShowSeconds: 120 });
    expect([body.maxParty, body.wheelchair, body.event.slug]).toEqual([4, true, 'carts-2026']);
  });

  it('takes a call from assigned through pick-up with the code to done', async () => {
    const res = await callRide(app, { from: 'A', to: 'C', party: 2, phone: '+86 138 0000 0001' });
    expectStatus(res, 201);
    const ride = res.json<Ride>();
    expect([ride.status, ride.cart?.code, ride.refusal]).toEqual(['assigned', 'C1', null]);
    expect(ride.code).toMatch(/^\d{4}$/);
    expect(ride.token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(ride.etaSeconds).toBe(0);
    const id = await rideId(app, ride.token);
    expect(await planOf('C1')).toEqual([
      { request: String(id), kind: 'pickup' },
      { request: String(id), kind: 'dropoff' },
    ]);
    const row = await app.deps.db.selectFrom('cart_rides').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect([row.status, row.phone, Number(row.pickup_eta) > 0, row.direct_seconds]).toEqual(['assigned', '+8613800000001', true, 240]);

    expectStatus(await drive(app, f.driver1, update('C1', 'arrived', { stop: 'A' })), 200);
    expectStatus(await drive(app, f.driver1, update('C1', 'picked_up', { ride: id, code: ride.code })), 200);
    const aboard = (await call(app, null, 'GET', `/api/v1/rides/${ride.token}`)).json<Ride>();
    expect(aboard.status).toBe('onboard');
    // the drop-off ETA now: 20 s of boarding, then two links of 120 s from A
    expect(aboard.etaSeconds).toBe(260);
    // when the driver reported it, not when boarding is reckoned over
    expect(Date.parse(aboard.pickedUpAt!)).toBeLessThanOrEqual(Date.now());

    const dropped = await drive(app, f.driver1, update('C1', 'dropped_off', { ride: id }));
    expectStatus(dropped, 200);
    expect(dropped.json<{ stops: unknown[]; aboard: unknown[] }>()).toMatchObject({ stops: [], aboard: [] });
    const done = (await call(app, null, 'GET', `/api/v1/rides/${ride.token}`)).json<Ride>();
    expect([done.status, done.eta, done.droppedOffAt !== null]).toEqual(['done', null, true]);
    expect(await planOf('C1')).toEqual([]);
    const cart = await app.deps.db.selectFrom('carts').select('node_stop_id').where('id', '=', f.carts['C1']!).executeTakeFirstOrThrow();
    expect(cart.node_stop_id).toBe(f.stops['C']);
  });

  it('pools two compatible calls into one cart', async () => {
    const first = (await callRide(app, { from: 'A', to: 'D', party: 2, phone: '+86 138 0000 0001' })).json<Ride>();
    const second = (await callRide(app, { from: 'B', to: 'D', party: 2, phone: '+86 138 0000 0002' })).json<Ride>();
    expect([first.cart?.code, second.cart?.code]).toEqual(['C1', 'C1']);
    const [a, b] = [await rideId(app, first.token), await rideId(app, second.token)];
    expect((await planOf('C1')).map((s) => `${s.kind}:${s.request}`).slice(0, 2)).toEqual([`pickup:${a}`, `pickup:${b}`]);
    // the driver sees three stops: both drop-offs at D grouped into one
    const view = (await call(app, f.driver1, 'GET', `${EV}/driver`)).json<{
      stops: Array<{ stop: { code: string }; pickups: Array<{ id: number }>; dropoffs: Array<{ id: number }> }>;
    }>();
    expect(view.stops.map((s) => [s.stop.code, s.pickups.map((r) => r.id), s.dropoffs.map((r) => r.id).sort()])).toEqual([
      ['A', [a], []],
      ['B', [b], []],
      ['D', [], [a, b].sort()],
    ]);
    // 20 s boarding at A, then the link to B
    expect(second.etaSeconds).toBe(140);
    expect(await planOf('C2')).toEqual([]);
  });

  it('tells the guest at once, with the estimated wait, when no cart can come within the maximum wait', async () => {
    await app.deps.db.updateTable('cart_settings').set({ max_wait: 60 }).where('event_id', '=', f.eventId).execute();
    await app.deps.db.updateTable('carts').set({ in_service: 0 }).where('id', '=', f.carts['C2']!).execute();
    const res = await callRide(app, { from: 'E', to: 'A', party: 1, phone: '+86 138 0000 0003' });
    expectStatus(res, 201);
    const ride = res.json<Ride>();
    expect([ride.status, ride.refusal, ride.estimatedWaitSeconds, ride.cart, ride.eta]).toEqual([
      'refused',
      'wait_too_long',
      480,
      null,
      null,
    ]);
    expect(await planOf('C1')).toEqual([]);
    // a refusal is not an open ride: the same phone may call again
    expectStatus(await callRide(app, { from: 'B', to: 'A', party: 1, phone: '+86 138 0000 0003' }), 201);
  });

  it('refuses a wheelchair call honestly when no accessible cart is in service', async () => {
    await app.deps.db.updateTable('carts').set({ in_service: 0 }).where('id', '=', f.carts['C2']!).execute();
    const ride = (await callRide(app, { from: 'A', to: 'B', party: 1, wheelchair: true, phone: '+86 138 0000 0004' })).json<Ride>();
    expect([ride.status, ride.refusal, ride.estimatedWaitSeconds]).toEqual(['refused', 'no_suitable_cart', null]);
  });

  it('gives no new ride to a cart outside its shift on the event clock', async () => {
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date()),
    );
    const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    await app.deps.db
      .updateTable('carts')
      .set({ shift_start: hh(hour + 2), shift_end: hh(hour + 3) })
      .where('id', '=', f.carts['C1']!)
      .execute();
    const ride = (await callRide(app, { from: 'A', to: 'B', party: 1, phone: '+86 138 0000 0009' })).json<Ride>();
    expect([ride.status, ride.cart?.code, ride.etaSeconds]).toEqual(['assigned', 'C2', 480]);
  });

  it('cancels a ride before the pick-up: the cart plan loses it, and a second cancel is refused', async () => {
    const ride = (await callRide(app, { from: 'B', to: 'C', party: 1, phone: '+86 138 0000 0005' })).json<Ride>();
    const res = await call(app, null, 'POST', `/api/v1/rides/${ride.token}/cancel`);
    expectStatus(res, 200);
    expect(res.json<Ride>()).toMatchObject({ status: 'cancelled', eta: null });
    expect(await planOf('C1')).toEqual([]);
    const before = await snapshotDb(app);
    expect(refusalOf(await call(app, null, 'POST', `/api/v1/rides/${ride.token}/cancel`))).toBe('409 ride_not_cancellable token');
    expect(await snapshotDb(app)).toEqual(before);
  });

  it('refuses to cancel a ride once the guest is aboard', async () => {
    const ride = (await callRide(app, { from: 'A', to: 'B', party: 1, phone: '+86 138 0000 0006' })).json<Ride>();
    expectStatus(await drive(app, f.driver1, update('C1', 'picked_up', { ride: await rideId(app, ride.token), code: ride.code })), 200);
    expect(refusalOf(await call(app, null, 'POST', `/api/v1/rides/${ride.token}/cancel`))).toBe('409 ride_not_cancellable token');
  });

  it('answers an unknown ride token with 404', async () => {
    expect(refusalOf(await call(app, null, 'GET', '/api/v1/rides/no-such-ride-token-0000'))).toBe('404 not_found token');
    expect(refusalOf(await call(app, null, 'POST', '/api/v1/rides/no-such-ride-token-0000/cancel'))).toBe('404 not_found token');
  });

  it('refuses every bad call with a code naming the field, in both languages, writing nothing', async () => {
    await app.deps.db.updateTable('cart_stops').set({ active: 0 }).where('id', '=', f.stops['D']!).execute();
    const open = (await callRide(app, { from: 'A', to: 'B', party: 1, phone: '+86 138 0000 0007' })).json<Ride>();
    expect(open.status).toBe('assigned');
    const phone = '+86 139 0000 0000';
    const cases: Array<[object, string]> = [
      [{ from: 'ZZ', to: 'B', party: 1, phone }, '404 ride_stop_unknown from'],
      [{ from: 'A', to: 'ZZ', party: 1, phone }, '404 ride_stop_unknown to'],
      [{ from: 'A', to: 'D', party: 1, phone }, '409 ride_stop_inactive to'],
      [{ from: 'D', to: 'A', party: 1, phone }, '409 ride_stop_inactive from'],
      [{ from: 'B', to: 'b', party: 1, phone }, '400 ride_same_stop to'],
      [{ from: 'A', to: 'B', party: 5, phone }, '400 ride_party_too_large party'],
      [{ from: 'A', to: 'B', party: 1 }, '400 ride_caller_required phone'],
      [{ from: 'A', to: 'B', party: 1, badge: 'HW1.not-a-badge-at-all' }, '400 ride_badge_invalid badge'],
      [{ from: 'A', to: 'B', party: 1, phone: '+86 138 0000 0007' }, '409 ride_already_open phone'],
      [{ from: 'A', to: 'B', party: 0, phone }, '400 validation party'],
      [{ from: 'A', to: 'B', party: 1, phone, colour: 'red' }, '400 validation colour'],
    ];
    for (const [body, refusal] of cases) {
      const before = await snapshotDb(app);
      const en = await call(app, null, 'POST', `${EV}/rides`, body, { 'accept-language': 'en' });
      const zh = await call(app, null, 'POST', `${EV}/rides`, body, { 'accept-language': 'zh-CN' });
      expect(refusalOf(en), JSON.stringify(body)).toBe(refusal);
      expect(refusalOf(zh)).toBe(refusal);
      expect(errorOf(en).message).not.toMatch(HAN);
      expect(errorOf(zh).message).toMatch(HAN);
      expect(await snapshotDb(app)).toEqual(before);
    }
  });

  it("identifies a caller by a badge signed with the event's key and refuses a badge of another event", async () => {
    const guest = await app.deps.db
      .insertInto('guests')
      .values({
        event_id: f.eventId,
        name: '王小明',
        name_latin: 'Wang Xiaoming',
        sort_key: 'wang',
        status: 'approved',
        language: 'zh',
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const claims = { credentialId: 1, guestId: guest.id, categoryId: 1, issuedAt: 1, expiresAt: 4_000_000_000 };
    const badge = await signCredential(app.deps, { eventId: f.eventId, ...claims });
    const res = await callRide(app, { from: 'A', to: 'B', party: 1, badge });
    expectStatus(res, 201);
    const row = await app.deps.db
      .selectFrom('cart_rides')
      .select(['guest_id', 'phone'])
      .where('token', '=', res.json<Ride>().token)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ guest_id: guest.id, phone: null });
    const view = (await call(app, f.driver1, 'GET', `${EV}/driver`)).json<{ stops: Array<{ pickups: Array<{ who: string }> }> }>();
    expect(view.stops[0]?.pickups[0]?.who).toBe('王小明');

    const foreign = await signCredential(app.deps, { eventId: f.eventId + 1000, ...claims }).catch(() => null);
    const before = await snapshotDb(app);
    if (foreign)
      expect(refusalOf(await callRide(app, { from: 'B', to: 'C', party: 1, badge: foreign }))).toBe('400 ride_badge_invalid badge');
    expect(refusalOf(await callRide(app, { from: 'B', to: 'C', party: 1, badge: `${badge.slice(0, -4)}AAAA` }))).toBe(
      '400 ride_badge_invalid badge',
    );
    expect(await snapshotDb(app)).toEqual(before);
  });

  it('loses no open ride when the server restarts: it is still followed, and the driver completes it', async () => {
    const ride = (await callRide(app, { from: 'B', to: 'D', party: 3, phone: '+86 138 0000 0008' })).json<Ride>();
    expect(ride.status).toBe('assigned');
    const config = app.deps.config;
    await app.close();
    const again = await createHuiwu(config, { webRoot: null });
    try {
      const followed = await again.app.inject({ method: 'GET', url: `/api/v1/rides/${ride.token}` });
      expect(followed.statusCode).toBe(200);
      expect(followed.json<Ride>()).toMatchObject({ status: 'assigned', code: ride.code, cart: { code: 'C1' } });
      const id = (await again.deps.db.selectFrom('cart_rides').select('id').where('token', '=', ride.token).executeTakeFirstOrThrow()).id;
      const session = await again.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'driver1@carts.example.org', password: 'carts-password-1' },
      });
      const cookie = `huiwu_session=${session.cookies.find((c) => c.name === 'huiwu_session')?.value}`;
      const headers = { cookie, 'x-csrf-token': session.json<{ csrfToken: string }>().csrfToken };
      for (const u of [
        update('C1', 'arrived', { stop: 'B' }),
        update('C1', 'picked_up', { ride: id, code: ride.code }),
        update('C1', 'dropped_off', { ride: id }),
      ]) {
        const res = await again.app.inject({ method: 'POST', url: `${EV}/driver/updates`, headers, payload: u });
        expect(res.statusCode, res.body).toBe(200);
      }
      const done = await again.app.inject({ method: 'GET', url: `/api/v1/rides/${ride.token}` });
      expect(done.json<Ride>().status).toBe('done');
    } finally {
      await again.close();
      // the first app is closed already: remove its database by hand
      const db = config.database;
      if (db.kind === 'sqlite') rmSync(dirname(db.file), { recursive: true, force: true });
      else {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        await c.query(`drop schema ${db.schema} cascade`);
        await c.end();
      }
      app = undefined as unknown as TestApp;
    }
  });
});
