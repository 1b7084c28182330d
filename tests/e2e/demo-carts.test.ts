import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortestPaths, unreachablePairs } from '../../src/engines/dispatch/network.js';
import { DEMO_PASSWORD, loadDemo } from '../../src/demo/load-demo.js';
import { DEMO_CART_RULES, DEMO_CARTS, DEMO_LINKS, DEMO_STOPS } from '../../src/demo/wic2017-carts.js';
import type { CartAdmin, CartNetwork } from '../../src/modules/logistics/carts.schema.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { expectStatus, loadDemoEvent, snapshotDb } from '../support/fixtures.js';

/** The demo event's sightseeing carts as an organiser and the demo driver find them after `huiwu demo`. */

const EV = '/api/v1/events/wic2017';
const CART_TABLES = ['cart_settings', 'cart_stops', 'cart_links', 'carts', 'cart_rides'];

describe.each(databases())('the demo carts (%s)', (kind) => {
  let app: TestApp;
  let organiser: Session;
  let eventId: number;
  let loadedAt: number;

  beforeAll(async () => {
    app = await startTestApp(kind);
    loadedAt = Date.now();
    eventId = (await loadDemoEvent(app)).eventId;
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
  });
  afterAll(async () => app?.dispose());

  it('has the 15 Wuzhen stops, all active, every one reachable from every other over the roads, and the demo rules', async () => {
    const res = await call(app, organiser, 'GET', `${EV}/cart-network`);
    expectStatus(res, 200);
    const n = res.json<CartNetwork>();
    expect(n.stops).toHaveLength(15);
    expect(n.stops.map((s) => [s.code, s.name, s.active])).toEqual(DEMO_STOPS.map((s) => [s.code, s.name, true]));
    expect(n.links).toHaveLength(DEMO_LINKS.length);
    const index = new Map(n.stops.map((s, i) => [s.code, i]));
    const paths = shortestPaths(
      n.stops.length,
      n.links.map((l) => ({ from: index.get(l.from)!, to: index.get(l.to)!, seconds: l.seconds, metres: l.metres })),
    );
    expect(unreachablePairs(paths)).toEqual([]);
    expect(n.rules).toEqual(DEMO_CART_RULES);
  });

  it('has 20 carts in service round the clock at their home stops, free from the load, with empty plans', async () => {
    const res = await call(app, organiser, 'GET', `${EV}/carts`);
    expectStatus(res, 200);
    const carts = res.json<CartAdmin[]>();
    expect(carts).toHaveLength(20);
    expect(carts.map((c) => [c.code, c.seats, c.accessible, c.stop, c.inService, c.shiftStart, c.shiftEnd])).toEqual(
      DEMO_CARTS.map((c) => [c.code, c.seats, c.accessible, c.home, true, '00:00', '24:00']),
    );
    const rows = await app.deps.db.selectFrom('carts').select(['free_at', 'plan']).where('event_id', '=', eventId).execute();
    for (const r of rows) {
      expect(r.plan).toBe('[]');
      expect(Number(r.free_at)).toBeGreaterThanOrEqual(loadedAt);
      expect(Number(r.free_at)).toBeLessThanOrEqual(Date.now());
    }
  });

  it('gives C01 to the demo driver, who logs in with the demo password and holds the driver role in the event', async () => {
    const carts = (await call(app, organiser, 'GET', `${EV}/carts`)).json<CartAdmin[]>();
    expect(carts.filter((c) => c.driver).map((c) => [c.code, c.driver!.email, c.driver!.name])).toEqual([
      ['C01', 'driver@wic2017.example.org', '观光车司机 Cart driver'],
    ]);
    const driver = await login(app, 'driver@wic2017.example.org', DEMO_PASSWORD);
    const grants = await app.deps.db.selectFrom('role_grants').select(['role', 'event_id']).where('user_id', '=', driver.userId).execute();
    expect(grants).toEqual([{ role: 'driver', event_id: eventId }]);
  });

  it('writes nothing to the cart tables when the demo loads a second time', async () => {
    const before = await snapshotDb(app);
    const again = await loadDemo(app.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
    expect(again.ok).toBe(true);
    const after = await snapshotDb(app);
    for (const table of CART_TABLES) {
      expect([table, after.counts[table], after.hashes[table]]).toEqual([table, before.counts[table], before.hashes[table]]);
    }
  });
});
