import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHuiwu, type Huiwu } from '../../src/main.js';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { expectStatus, loadDemoEvent } from '../support/fixtures.js';
import type { Ride } from '../support/carts-fixture.js';

/**
 * The rides service on the demo's Wuzhen network (15 stops, 20 carts, C01 driven by driver@wic2017.example.org):
 * a signed-in guest's journey, and calls arriving at once (from two instances on PostgreSQL) that never put one
 * ride on two carts or a cart over its seats.
 */
const EV = '/api/v1/events/wic2017';

interface Plan {
  request: string;
  kind: string;
}

describe.each(databases())('cart rides on the demo network (%s)', (kind) => {
  let app: TestApp;
  let guest: Session;
  let driver: Session;

  beforeAll(async () => {
    app = await startTestApp(kind, {}, { webRoot: null });
    await loadDemoEvent(app);
    guest = await login(app, 'guest@wic2017.example.org', DEMO_PASSWORD);
    driver = await login(app, 'driver@wic2017.example.org', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('takes a signed-in guest from the convention centre to the press centre in C01, driven by the demo driver', async () => {
    const res = await call(app, guest, 'POST', `${EV}/rides`, { from: 'cc-n', to: 'PRESS', party: 2 });
    expectStatus(res, 201);
    const ride = res.json<Ride>();
    expect([ride.status, ride.cart?.code, ride.etaSeconds]).toEqual(['assigned', 'C01', 0]);
    const row = await app.deps.db
      .selectFrom('cart_rides')
      .select(['id', 'user_id', 'guest_id', 'phone'])
      .where('token', '=', ride.token)
      .executeTakeFirstOrThrow();
    expect([row.user_id, row.guest_id !== null, row.phone]).toEqual([guest.userId, true, null]);
    // the same guest cannot call a second cart while this one is open
    expect((await call(app, guest, 'POST', `${EV}/rides`, { from: 'CC-S', to: 'PRESS', party: 1 })).statusCode).toBe(409);

    const view = await call(app, driver, 'GET', `${EV}/driver`);
    expectStatus(view, 200);
    expect(view.json<{ cart: { code: string }; stops: Array<{ stop: { code: string } }> }>()).toMatchObject({
      cart: { code: 'C01' },
      stops: [{ stop: { code: 'CC-N' } }, { stop: { code: 'PRESS' } }],
    });
    let seq = 0;
    const send = (u: object) =>
      call(app, driver, 'POST', `${EV}/driver/updates`, { cart: 'C01', seq: ++seq, at: new Date().toISOString(), ...u });
    expectStatus(await send({ kind: 'accept', ride: row.id }), 200);
    expectStatus(await send({ kind: 'picked_up', ride: row.id, code: ride.code }), 200);
    expectStatus(await send({ kind: 'position', lat: 30.7463, lon: 120.4857 }), 200);
    expectStatus(await send({ kind: 'dropped_off', ride: row.id }), 200);
    const done = (await call(app, guest, 'GET', `/api/v1/rides/${ride.token}`)).json<Ride>();
    expect(done.status).toBe('done');
    expect((await call(app, driver, 'GET', `${EV}/driver?cart=C02`)).statusCode).toBe(403);
  });

  it('never puts a ride on two carts nor a cart over its seats when calls arrive at once', async () => {
    const stops = ['CC-N', 'CC-S', 'EXPO-1', 'HOTEL-W', 'XZ-N', 'P1', 'PRESS', 'VISITOR'];
    let second: Huiwu | null = null;
    // on PostgreSQL a second instance on the same database takes half the calls: the advisory lock serialises them
    if (kind === 'postgres') second = await createHuiwu(app.deps.config, { webRoot: null });
    try {
      const calls = Array.from({ length: 24 }, (_, i) => {
        const target = second && i % 2 === 1 ? second.app : app.app;
        const body = {
          from: stops[i % stops.length],
          to: stops[(i * 3 + 1) % stops.length],
          party: 1 + (i % 4),
          phone: `+86 137 0000 ${String(i).padStart(4, '0')}`,
        };
        return target.inject({ method: 'POST', url: `${EV}/rides`, payload: body });
      });
      const answers = await Promise.all(calls);
      expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 201));
    } finally {
      await second?.close();
    }
    const db = app.deps.db;
    const open = await db.selectFrom('cart_rides').select(['id', 'cart_id', 'party']).where('status', '=', 'assigned').execute();
    const carts = await db.selectFrom('carts').select(['id', 'seats', 'plan']).execute();
    const seen = new Map<string, number>();
    for (const c of carts) {
      let load = 0;
      for (const s of JSON.parse(c.plan) as Plan[]) {
        seen.set(s.request, (seen.get(s.request) ?? 0) + 1);
        const ride = open.find((r) => String(r.id) === s.request);
        expect(ride?.cart_id, `ride ${s.request} planned on cart ${c.id}`).toBe(c.id);
        load += s.kind === 'pickup' ? ride!.party : -ride!.party;
        expect(load).toBeLessThanOrEqual(c.seats);
      }
    }
    expect(open.length).toBeGreaterThan(0);
    for (const r of open) expect(seen.get(String(r.id)), `ride ${r.id}`).toBe(2);
  });
});
