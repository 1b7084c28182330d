import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { returnCartToService, takeCartOutOfService } from '../../src/modules/logistics/index.js';
import { reoptimiseEvent, startCartReoptimiser } from '../../src/modules/logistics/reoptimise-carts.js';
import { call, databases, startTestApp, type TestApp } from '../support/harness.js';
import { expectStatus, refusalOf, snapshotDb } from '../support/fixtures.js';
import {
  callRide,
  drive,
  EV,
  rideId,
  setupCartEvent,
  stopLat,
  stopLon,
  update,
  type CartFixture,
  type Ride,
} from '../support/carts-fixture.js';

/**
 * The driver station's API on both databases: who may drive which cart, positions on and off the network, updates
 * applied once and in order, pick-ups with the guest's code, no-shows after the rules' wait, and breakdowns.
 */

interface View {
  cart: { code: string; stop: string | null; inService: boolean; lat: number | null; aboard: number; planned: number };
  stops: Array<{ stop: { code: string }; pickups: Array<{ id: number; accepted: boolean; who: string }>; dropoffs: Array<{ id: number }> }>;
  aboard: Array<{ id: number }>;
  seq: number;
}

describe.each(databases())('cart driver station (%s)', (kind) => {
  let app: TestApp;
  let f: CartFixture;

  beforeEach(async () => {
    app = await startTestApp(kind, {}, { webRoot: null });
    f = await setupCartEvent(app);
  });
  afterEach(async () => {
    await app?.dispose();
  });

  const ride = async (from: string, to: string, phone: string, party = 1) => {
    const res = await callRide(app, { from, to, party, phone });
    expectStatus(res, 201);
    const r = res.json<Ride>();
    return { ...r, id: await rideId(app, r.token) };
  };
  const status = async (id: number) =>
    await app.deps.db.selectFrom('cart_rides').select(['status', 'cart_id']).where('id', '=', id).executeTakeFirstOrThrow();
  /** each refusal: its status, code and field, and the database left exactly as it was */
  const refusedUnchanged = async (send: () => ReturnType<typeof drive>, refusal: string) => {
    const before = await snapshotDb(app);
    expect(refusalOf(await send())).toBe(refusal);
    expect(await snapshotDb(app)).toEqual(before);
  };

  it("shows a driver their own cart, refuses another's, and lets an organiser see any", async () => {
    const own = await call(app, f.driver1, 'GET', `${EV}/driver`);
    expectStatus(own, 200);
    expect(own.json<View>()).toMatchObject({ cart: { code: 'C1', stop: 'A', inService: true }, stops: [], aboard: [], seq: 0 });
    expect(refusalOf(await call(app, f.driver1, 'GET', `${EV}/driver?cart=C2`))).toBe('403 ride_cart_not_yours cart');
    expect(refusalOf(await call(app, f.driver1, 'GET', `${EV}/driver?cart=C9`))).toBe('404 not_found cart');
    const any = await call(app, f.admin, 'GET', `${EV}/driver?cart=c2`);
    expectStatus(any, 200);
    expect(any.json<View>().cart.code).toBe('C2');
    expect(refusalOf(await call(app, f.admin, 'GET', `${EV}/driver`))).toBe('404 ride_no_cart cart');
  });

  it('takes a position within 40 m of a stop as arrived there, near a road as shown on the map, and refuses one off the network', async () => {
    const atB = await drive(app, f.driver1, update('C1', 'position', { lat: stopLat + 0.0002, lon: stopLon(1) }));
    expectStatus(atB, 200);
    expect(atB.json<View>().cart).toMatchObject({ stop: 'B', lat: stopLat + 0.0002 });
    // halfway between C and D, 100 m north of the road: on the map, still heading for B's stop as far as plans go
    const onRoad = await drive(app, f.driver1, update('C1', 'position', { lat: stopLat + 0.0009, lon: (stopLon(2) + stopLon(3)) / 2 }));
    expectStatus(onRoad, 200);
    expect(onRoad.json<View>().cart).toMatchObject({ stop: 'B', lat: stopLat + 0.0009 });
    await refusedUnchanged(
      () => drive(app, f.driver1, update('C1', 'position', { lat: stopLat + 0.01, lon: stopLon(2) })),
      '422 ride_off_network lat',
    );
    await refusedUnchanged(() => drive(app, f.driver1, update('C1', 'arrived', { stop: 'ZZ' })), '404 ride_stop_unknown stop');
  });

  it("times the plan from the cart's position on its way: halfway along the road from A to B, the pickup at C is 180 s away", async () => {
    const r = await ride('C', 'D', '+86 138 0000 0022');
    expect([r.cart?.code, r.etaSeconds]).toEqual(['C1', 240]);
    expectStatus(await drive(app, f.driver1, update('C1', 'position', { lat: stopLat, lon: (stopLon(0) + stopLon(1)) / 2 })), 200);
    const followed = (await call(app, null, 'GET', `/api/v1/rides/${r.token}`)).json<Ride>();
    expect(followed.etaSeconds).toBe(180);
    expect(followed.cart).toMatchObject({ code: 'C1', stop: 'B', lat: stopLat });
  });

  it('applies each update once and in order: a replay or an older seq is refused, a queue is applied in seq order or not at all', async () => {
    const base = { cart: 'C1', at: new Date().toISOString(), kind: 'arrived' };
    expectStatus(await drive(app, f.driver1, { ...base, seq: 10, stop: 'B' }), 200);
    await refusedUnchanged(() => drive(app, f.driver1, { ...base, seq: 10, stop: 'C' }), '409 ride_seq_stale seq');
    await refusedUnchanged(() => drive(app, f.driver1, { ...base, seq: 9, stop: 'C' }), '409 ride_seq_stale seq');
    // sent out of order, applied in seq order: the cart ends at D
    const queue = await drive(app, f.driver1, [
      { ...base, seq: 12, stop: 'D' },
      { ...base, seq: 11, stop: 'C' },
    ]);
    expectStatus(queue, 200);
    expect(queue.json<View>()).toMatchObject({ seq: 12, cart: { stop: 'D' } });
    // one stale update in a queue refuses the whole queue, naming it by its index
    await refusedUnchanged(
      () =>
        drive(app, f.driver1, [
          { ...base, seq: 13, stop: 'E' },
          { ...base, seq: 12, stop: 'A' },
        ]),
      '409 ride_seq_stale 1.seq',
    );
  });

  it('refuses a pick-up of a ride that is not on the driver cart, of a cart not theirs, or with the wrong code', async () => {
    const far = await ride('E', 'D', '+86 138 0000 0011');
    expect(far.cart?.code).toBe('C2');
    const mine = await ride('A', 'B', '+86 138 0000 0012');
    expect(mine.cart?.code).toBe('C1');
    await refusedUnchanged(
      () => drive(app, f.driver1, update('C1', 'picked_up', { ride: far.id, code: far.code })),
      '409 ride_not_on_cart ride',
    );
    await refusedUnchanged(
      () => drive(app, f.driver1, update('C2', 'picked_up', { ride: far.id, code: far.code })),
      '403 ride_cart_not_yours cart',
    );
    const wrong = String((Number(mine.code) + 1) % 10_000).padStart(4, '0');
    await refusedUnchanged(
      () => drive(app, f.driver1, update('C1', 'picked_up', { ride: mine.id, code: wrong })),
      '409 ride_code_wrong code',
    );
    await refusedUnchanged(() => drive(app, f.driver1, update('C1', 'dropped_off', { ride: mine.id })), '409 ride_not_aboard ride');
    expect(await status(mine.id)).toEqual({ status: 'assigned', cart_id: f.carts['C1'] });
  });

  it('records the acceptance and shows who to pick up where', async () => {
    const r = await ride('B', 'C', '+86 138 0000 0013', 2);
    const res = await drive(app, f.driver1, update('C1', 'accept', { ride: r.id }));
    expectStatus(res, 200);
    const view = res.json<View>();
    expect(view.stops.map((s) => s.stop.code)).toEqual(['B', 'C']);
    expect(view.stops[0]?.pickups).toMatchObject([{ id: r.id, accepted: true, who: '…0013' }]);
    expect(view.cart.planned).toBe(1);
  });

  it('refuses a no-show before the cart has waited the rules’ time at the pickup, and accepts it after', async () => {
    const r = await ride('A', 'C', '+86 138 0000 0014');
    expectStatus(await drive(app, f.driver1, update('C1', 'arrived', { stop: 'A' })), 200);
    await refusedUnchanged(() => drive(app, f.driver1, update('C1', 'no_show', { ride: r.id })), '409 ride_no_show_too_early ride');
    // 200 seconds pass at the stop
    const db = app.deps.db;
    const cart = await db.selectFrom('carts').select(['free_at', 'arrived_at']).where('id', '=', f.carts['C1']!).executeTakeFirstOrThrow();
    await db
      .updateTable('carts')
      .set({ free_at: Number(cart.free_at) - 200_000, arrived_at: Number(cart.arrived_at) - 200_000 })
      .where('id', '=', f.carts['C1']!)
      .execute();
    const row = await db.selectFrom('cart_rides').select('requested_at').where('id', '=', r.id).executeTakeFirstOrThrow();
    await db
      .updateTable('cart_rides')
      .set({ requested_at: Number(row.requested_at) - 200_000 })
      .where('id', '=', r.id)
      .execute();
    const res = await drive(app, f.driver1, update('C1', 'no_show', { ride: r.id }));
    expectStatus(res, 200);
    expect(res.json<View>().stops).toEqual([]);
    expect((await status(r.id)).status).toBe('no_show');
    expect((await call(app, null, 'GET', `/api/v1/rides/${r.token}`)).json<Ride>()).toMatchObject({ status: 'no_show', eta: null });
  });

  it('waits for two callers absent at one stop together: after the wait both no-shows are taken at once', async () => {
    const [r1, r2] = [await ride('A', 'C', '+86 138 0000 0023'), await ride('A', 'D', '+86 138 0000 0024')];
    expect([r1.cart?.code, r2.cart?.code]).toEqual(['C1', 'C1']);
    expectStatus(await drive(app, f.driver1, update('C1', 'position', { lat: stopLat, lon: stopLon(0) })), 200);
    // 200 seconds pass at the stop
    const db = app.deps.db;
    const cart = await db.selectFrom('carts').select(['free_at', 'arrived_at']).where('id', '=', f.carts['C1']!).executeTakeFirstOrThrow();
    expect(cart.arrived_at).not.toBeNull();
    await db
      .updateTable('carts')
      .set({ free_at: Number(cart.free_at) - 200_000, arrived_at: Number(cart.arrived_at) - 200_000 })
      .where('id', '=', f.carts['C1']!)
      .execute();
    for (const r of [r1, r2]) {
      const row = await db.selectFrom('cart_rides').select('requested_at').where('id', '=', r.id).executeTakeFirstOrThrow();
      await db
        .updateTable('cart_rides')
        .set({ requested_at: Number(row.requested_at) - 200_000 })
        .where('id', '=', r.id)
        .execute();
    }
    expectStatus(await drive(app, f.driver1, update('C1', 'no_show', { ride: r1.id })), 200);
    expectStatus(await drive(app, f.driver1, update('C1', 'no_show', { ride: r2.id })), 200);
    expect([(await status(r1.id)).status, (await status(r2.id)).status]).toEqual(['no_show', 'no_show']);
  });

  it('refuses a no-show while the cart is not at the pickup', async () => {
    const r = await ride('C', 'D', '+86 138 0000 0015');
    await refusedUnchanged(() => drive(app, f.driver1, update('C1', 'no_show', { ride: r.id })), '409 ride_not_at_pickup ride');
  });

  it('on a breakdown hands the waiting rider to another cart and marks the one aboard for rescue; the cart comes back at a stop', async () => {
    const aboard = await ride('A', 'C', '+86 138 0000 0016');
    expectStatus(await drive(app, f.driver1, update('C1', 'picked_up', { ride: aboard.id, code: aboard.code })), 200);
    const waiting = await ride('B', 'C', '+86 138 0000 0017');
    expect(waiting.cart?.code).toBe('C1');

    const out = await drive(app, f.driver1, update('C1', 'out_of_service', { reason: 'flat tyre' }));
    expectStatus(out, 200);
    expect(out.json<View>()).toMatchObject({ cart: { inService: false }, stops: [], aboard: [] });
    expect(await status(aboard.id)).toEqual({ status: 'rescue', cart_id: f.carts['C1'] });
    expect(await status(waiting.id)).toEqual({ status: 'assigned', cart_id: f.carts['C2'] });
    const followed = (await call(app, null, 'GET', `/api/v1/rides/${waiting.token}`)).json<Ride>();
    expect([followed.cart?.code, followed.etaSeconds]).toEqual(['C2', 360]);
    const c2 = (await call(app, f.driver2, 'GET', `${EV}/driver`)).json<View>();
    expect(c2.stops.map((s) => s.stop.code)).toEqual(['B', 'C']);

    // out of service, the cart gets no call
    const meanwhile = await ride('A', 'B', '+86 138 0000 0018');
    expect(meanwhile.cart?.code ?? null).not.toBe('C1');
    expect((await app.deps.db.selectFrom('carts').select('plan').where('id', '=', f.carts['C1']!).executeTakeFirstOrThrow()).plan).toBe(
      '[]',
    );
    const back = await drive(app, f.driver1, update('C1', 'in_service', { stop: 'C' }));
    expectStatus(back, 200);
    expect(back.json<View>().cart).toMatchObject({ inService: true, stop: 'C' });
  });

  it('takes a cart out of service and back for an organiser (the fleet PATCH calls these)', async () => {
    const r = await ride('E', 'D', '+86 138 0000 0019');
    expect(r.cart?.code).toBe('C2');
    const out = await takeCartOutOfService(app.deps, f.eventId, 'C2', Date.now());
    expect(out).toEqual({ ok: true, value: { reassigned: 1, stranded: 0, rescue: 0 } });
    expect(await status(r.id)).toEqual({ status: 'assigned', cart_id: f.carts['C1'] });
    expect(await takeCartOutOfService(app.deps, f.eventId, 'C2', Date.now())).toEqual({
      ok: true,
      value: { reassigned: 0, stranded: 0, rescue: 0 },
    });
    expect(await takeCartOutOfService(app.deps, f.eventId, 'C9', Date.now())).toMatchObject({
      ok: false,
      code: 'not_found',
      field: 'cart',
    });
    expect(await returnCartToService(app.deps, f.eventId, 'C2', 'ZZ', Date.now())).toMatchObject({
      ok: false,
      code: 'ride_stop_unknown',
      field: 'stop',
    });
    expect(await returnCartToService(app.deps, f.eventId, 'C2', 'D', Date.now())).toEqual({ ok: true, value: null });
    const row = await app.deps.db
      .selectFrom('carts')
      .select(['in_service', 'node_stop_id'])
      .where('id', '=', f.carts['C2']!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ in_service: 1, node_stop_id: f.stops['D'] });
  });

  it('strands a waiting rider no other cart can reach in time, and says so on the ride page', async () => {
    await app.deps.db.updateTable('cart_settings').set({ max_wait: 200 }).where('event_id', '=', f.eventId).execute();
    const r = await ride('B', 'A', '+86 138 0000 0020');
    expect(r.cart?.code).toBe('C1');
    expect(await takeCartOutOfService(app.deps, f.eventId, 'C1', Date.now())).toEqual({
      ok: true,
      value: { reassigned: 0, stranded: 1, rescue: 0 },
    });
    expect((await call(app, null, 'GET', `/api/v1/rides/${r.token}`)).json<Ride>()).toMatchObject({
      status: 'stranded',
      cart: null,
      eta: null,
    });
  });

  it('re-optimisation refreshes every pickup ETA, and the periodic runner stops cleanly', async () => {
    const r = await ride('C', 'D', '+86 138 0000 0021');
    const eta = async () =>
      Number((await app.deps.db.selectFrom('cart_rides').select('pickup_eta').where('id', '=', r.id).executeTakeFirstOrThrow()).pickup_eta);
    const first = await eta();
    await app.deps.db.updateTable('cart_rides').set({ pickup_eta: 1 }).where('id', '=', r.id).execute();
    expect(await reoptimiseEvent(app.deps, f.eventId, Date.now())).toBe(0);
    expect(Math.abs((await eta()) - first)).toBeLessThan(60_000);
    const errors: unknown[] = [];
    const stop = startCartReoptimiser(app.deps, 60_000, (e) => errors.push(e));
    await stop();
    expect(errors).toEqual([]);
  });
});
