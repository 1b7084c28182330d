import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { DEMO_CART_RULES, DEMO_LINKS, DEMO_STOPS } from '../../src/demo/wic2017-carts.js';
import type { CartAdmin, CartLive, CartNetwork } from '../../src/modules/logistics/carts.schema.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { errorOf, expectStatus, HAN, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';
import { decodePdfQr, poppler } from '../support/qr.js';

/**
 * The organisers' side of the sightseeing carts on the demo event: the network saved whole and refused whole, the
 * fleet, the stop posters as a phone and a printer read them, and the live view's figures from rides written
 * straight into the tables with known times.
 */

const EV = '/api/v1/events/wic2017';
const hasPoppler = inject('poppler');

type Input = {
  stops: Array<CartNetwork['stops'][number]>;
  links: Array<{ from: string; to: string; seconds: number; metres: number; twoWay?: boolean }>;
  rules: CartNetwork['rules'];
};

describe.each(databases())('carts for organisers (%s)', (kind) => {
  let app: TestApp;
  let organiser: Session;
  let eventId: number;

  const db = () => app.deps.db;
  const network = async (): Promise<CartNetwork> => {
    const res = await call(app, organiser, 'GET', `${EV}/cart-network`);
    expectStatus(res, 200);
    return res.json<CartNetwork>();
  };
  const asInput = (n: CartNetwork): Input => ({ stops: n.stops, links: n.links, rules: n.rules });
  const put = (body: unknown) => call(app, organiser, 'PUT', `${EV}/cart-network`, body);
  const stopId = async (code: string) =>
    (await db().selectFrom('cart_stops').select('id').where('event_id', '=', eventId).where('code', '=', code).executeTakeFirstOrThrow())
      .id;
  const cartId = async (code: string) =>
    (await db().selectFrom('carts').select('id').where('event_id', '=', eventId).where('code', '=', code).executeTakeFirstOrThrow()).id;

  /** A ride row as the rides service would leave it, with times in epoch ms. */
  async function ride(r: {
    from: string;
    to: string;
    status: string;
    party?: number;
    cart?: string;
    requested: number;
    pickedUp?: number;
    eta?: number;
  }) {
    await db()
      .insertInto('cart_rides')
      .values({
        event_id: eventId,
        token: randomBytes(12).toString('hex'),
        code: '1234',
        origin_stop_id: await stopId(r.from),
        destination_stop_id: await stopId(r.to),
        party: r.party ?? 1,
        wheelchair: 0,
        lang: 'en',
        status: r.status,
        refusal: r.status === 'refused' ? 'wait_too_long' : null,
        cart_id: r.cart ? await cartId(r.cart) : null,
        max_wait: 600,
        max_ride_factor: 2,
        requested_at: r.requested,
        pickup_eta: r.eta ?? null,
        picked_up_at: r.pickedUp ?? null,
        direct_seconds: 120,
      })
      .execute();
  }
  const clearRides = () => db().deleteFrom('cart_rides').where('event_id', '=', eventId).execute();

  /** Sends a network and expects it refused with `refusal`, the database untouched. */
  async function expectRefused(body: unknown, refusal: string): Promise<void> {
    const before = await snapshotDb(app);
    const res = await put(body);
    expect(refusalOf(res)).toBe(refusal);
    const zh = await call(app, organiser, 'PUT', `${EV}/cart-network`, body, { 'accept-language': 'zh-CN' });
    expect(errorOf(zh).message).toMatch(HAN);
    expect(await snapshotDb(app)).toEqual(before);
  }

  beforeAll(async () => {
    app = await startTestApp(kind);
    eventId = (await loadDemoEvent(app)).eventId;
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
  });
  afterAll(async () => app?.dispose());

  describe('the live view', () => {
    // 04:00 UTC is noon in Wuzhen; the event's local midnight is 16:00 UTC the day before
    const at = Date.parse('2017-12-04T04:00:00Z');
    const s = (seconds: number) => at - seconds * 1000;

    it("answers waits now and today's figures since local midnight, exactly, from the rides in the tables", async () => {
      await clearRides();
      await ride({ from: 'CC-N', to: 'DZ', status: 'done', requested: s(3600), pickedUp: s(3600 - 120) });
      await ride({ from: 'CC-S', to: 'PRESS', status: 'done', requested: s(3000), pickedUp: s(3000 - 540) });
      await ride({ from: 'EXPO-1', to: 'XZ-N', status: 'onboard', party: 3, cart: 'C03', requested: s(2400), pickedUp: s(2400 - 700) });
      await ride({ from: 'P1', to: 'DZ', status: 'refused', requested: s(1200) });
      await ride({ from: 'P1', to: 'DZ', status: 'cancelled', requested: s(900) });
      await ride({ from: 'HOTEL-W', to: 'DZ', status: 'no_show', requested: s(600) });
      await ride({ from: 'CC-N', to: 'PRESS', status: 'assigned', party: 2, cart: 'C01', requested: s(300), eta: at + 120_000 });
      await ride({ from: 'CC-S', to: 'PRESS', status: 'assigned', cart: 'C02', requested: s(700) });
      // yesterday, before the event's local midnight: not today's
      await ride({
        from: 'CC-N',
        to: 'DZ',
        status: 'done',
        requested: Date.parse('2017-12-03T15:00:00Z'),
        pickedUp: Date.parse('2017-12-03T15:01:00Z'),
      });

      const res = await call(app, organiser, 'GET', `${EV}/cart-live?at=2017-12-04T04:00:00Z`);
      expectStatus(res, 200);
      const live = res.json<CartLive>();
      expect(live.at).toBe('2017-12-04T04:00:00.000Z');
      expect(live.stops.map((x) => x.code)).toEqual(DEMO_STOPS.map((x) => x.code));
      expect(live.now).toEqual({ waiting: 3, aboard: 3, longestWaitSeconds: 700, cartsInService: 20 });
      expect(live.open.map((r) => [r.from, r.status, r.cart, r.party, r.waitingSeconds, r.eta])).toEqual([
        ['EXPO-1', 'onboard', 'C03', 3, 700, null],
        ['CC-S', 'assigned', 'C02', 1, 700, null],
        ['CC-N', 'assigned', 'C01', 2, 300, '2017-12-04T04:02:00.000Z'],
      ]);
      const { series, ...today } = live.today;
      expect(today).toEqual({
        requests: 8,
        served: 2,
        refused: 1,
        cancelled: 1,
        noShow: 1,
        // the call waiting 5 minutes may still be served; the one waiting 11:40 no longer can
        serviceRate: 2 / 7,
        waitMeanSeconds: 453,
        waitP95Seconds: 700,
        waitHistogram: [
          { fromMinutes: 0, count: 0 },
          { fromMinutes: 2, count: 1 },
          { fromMinutes: 4, count: 0 },
          { fromMinutes: 6, count: 0 },
          { fromMinutes: 8, count: 1 },
          { fromMinutes: 10, count: 1 },
        ],
      });
      // 16:00 to 04:00 UTC: 72 whole ten-minute buckets and the one now running
      expect(series).toHaveLength(73);
      expect(series[0]!.at).toBe('2017-12-03T16:00:00.000Z');
      expect(series.slice(66).map((b) => [b.at.slice(11, 16), b.requests, b.waitMeanSeconds])).toEqual([
        ['03:00', 1, 120],
        ['03:10', 1, 540],
        ['03:20', 1, null],
        ['03:30', 0, 700],
        ['03:40', 3, null],
        ['03:50', 2, null],
        ['04:00', 0, null],
      ]);
      const c01 = live.carts.find((c) => c.code === 'C01')!;
      const c03 = live.carts.find((c) => c.code === 'C03')!;
      // no phone has reported: a cart stands at its stop on the map
      expect([c01.stop, c01.lat, c01.lon, c01.positionAt, c01.planned, c01.aboard]).toEqual(['CC-N', 30.7452, 120.4826, null, 1, 0]);
      expect([c03.stop, c03.aboard, c03.planned]).toEqual(['EXPO-1', 3, 0]);
      await clearRides();
    });

    it("shows a cart where its phone last reported, and answers no rates before today's first call", async () => {
      await db()
        .updateTable('carts')
        .set({ lat: 30.75, lon: 120.48, position_at: '2017-12-04T03:59:00.000Z' })
        .where('id', '=', await cartId('C05'))
        .execute();
      const live = (await call(app, organiser, 'GET', `${EV}/cart-live?at=2017-12-04T04:00:00Z`)).json<CartLive>();
      const c05 = live.carts.find((c) => c.code === 'C05')!;
      expect([c05.lat, c05.lon, c05.positionAt]).toEqual([30.75, 120.48, '2017-12-04T03:59:00.000Z']);
      expect([live.today.requests, live.today.serviceRate, live.today.waitMeanSeconds, live.today.waitP95Seconds, live.open]).toEqual([
        0,
        null,
        null,
        null,
        [],
      ]);
      await db()
        .updateTable('carts')
        .set({ lat: null, lon: null, position_at: null })
        .where('id', '=', await cartId('C05'))
        .execute();
    });

    it('refuses a live view at a time that is not one, naming at', async () => {
      expect(refusalOf(await call(app, organiser, 'GET', `${EV}/cart-live?at=noon`))).toBe('400 validation at');
    });
  });

  describe('the network', () => {
    it('answers the demo network: its 15 stops in order, each one-way link once, and its rules', async () => {
      const n = await network();
      expect(n.stops.map((x) => x.code)).toEqual(DEMO_STOPS.map((x) => x.code));
      expect(n.stops[0]).toEqual({ code: 'CC-N', name: DEMO_STOPS[0]!.name, lat: 30.7452, lon: 120.4826, active: true });
      expect(n.links).toHaveLength(DEMO_LINKS.length);
      expect(new Set(n.links.map((l) => `${l.from}>${l.to}`))).toEqual(new Set(DEMO_LINKS.map((l) => `${l.from}>${l.to}`)));
      expect(n.rules).toEqual(DEMO_CART_RULES);
    });

    it('answers the default rules, the demo values, for an event that never saved any', async () => {
      await db().deleteFrom('cart_settings').where('event_id', '=', eventId).execute();
      expect((await network()).rules).toEqual({ maxWaitSeconds: 600, maxRideFactor: 2, noShowSeconds: 120 });
      await db()
        .insertInto('cart_settings')
        .values({ event_id: eventId, max_wait: 600, max_ride_factor: 2, no_show_seconds: 120 })
        .execute();
    });

    it('saves a changed network whole, keeps the ids of stops matched by code, and answers what a read answers', async () => {
      const before = await network();
      const idBefore = await stopId('PRESS');
      const events: string[] = [];
      const off = app.deps.bus.onLocal((e) => void events.push(e.type));
      const input = asInput(before);
      input.stops = input.stops.map((x) =>
        x.code === 'PRESS' ? { ...x, name: { zh: '新闻中心（二楼）', en: 'Press Centre (1st floor)' } } : x,
      );
      input.stops.push({ code: 'pier', name: { zh: '游船码头', en: 'Boat Pier' }, lat: 30.749, lon: 120.476, active: true });
      input.links.push({ from: 'PIER', to: 'XZ-THEATRE', seconds: 90, metres: 400, twoWay: true });
      input.rules = { maxWaitSeconds: 480, maxRideFactor: 1.8, noShowSeconds: 90 };
      const res = await put(input);
      off();
      expectStatus(res, 200);
      const saved = res.json<CartNetwork>();
      expect(saved).toEqual(await network());
      expect(saved.stops.map((x) => x.code)).toEqual([...DEMO_STOPS.map((x) => x.code), 'PIER']);
      expect(saved.stops.find((x) => x.code === 'PRESS')!.name.en).toBe('Press Centre (1st floor)');
      expect(saved.links).toHaveLength(DEMO_LINKS.length + 2);
      expect(saved.links.filter((l) => l.from === 'PIER' || l.to === 'PIER')).toEqual([
        { from: 'XZ-THEATRE', to: 'PIER', seconds: 90, metres: 400 },
        { from: 'PIER', to: 'XZ-THEATRE', seconds: 90, metres: 400 },
      ]);
      expect(saved.rules).toEqual({ maxWaitSeconds: 480, maxRideFactor: 1.8, noShowSeconds: 90 });
      expect(await stopId('PRESS')).toBe(idBefore);
      expect(events).toContain('carts.network_saved');
    });

    it('refuses a stop code given twice, naming stops.3.code', async () => {
      const input = asInput(await network());
      input.stops[3] = { ...input.stops[3]!, code: input.stops[0]!.code };
      await expectRefused(input, '400 network_stop_repeated stops.3.code');
    });

    it('refuses a link to a stop not in the list, naming links.5.to', async () => {
      const input = asInput(await network());
      input.links[5] = { ...input.links[5]!, to: 'NOWHERE' };
      await expectRefused(input, '400 network_link_stop_unknown links.5.to');
    });

    it('refuses a link from a stop not in the list, naming links.2.from', async () => {
      const input = asInput(await network());
      input.links[2] = { ...input.links[2]!, from: 'NOWHERE' };
      await expectRefused(input, '400 network_link_stop_unknown links.2.from');
    });

    it('refuses a link given twice, naming the second', async () => {
      const input = asInput(await network());
      input.links.push({ ...input.links[0]! });
      await expectRefused(input, `400 network_link_repeated links.${input.links.length - 1}`);
    });

    it('refuses a two-way link whose way back is already given, naming it', async () => {
      const input = asInput(await network());
      // CC-N → CC-VIP is the one-way loop round the centre: a new two-way road back repeats it on its way back
      expect(input.links.filter((l) => l.from === 'CC-N' && l.to === 'CC-VIP')).toHaveLength(1);
      input.links.push({ from: 'CC-VIP', to: 'CC-N', seconds: 60, metres: 200, twoWay: true });
      await expectRefused(input, `400 network_link_repeated links.${input.links.length - 1}`);
    });

    it('refuses a link from a stop to itself, naming its to', async () => {
      const input = asInput(await network());
      input.links.push({ from: 'DZ', to: 'DZ', seconds: 60, metres: 100 });
      await expectRefused(input, `400 network_link_loop links.${input.links.length - 1}.to`);
    });

    it('refuses a network where an active stop cannot be reached, naming the first pair in the message', async () => {
      const input = asInput(await network());
      input.stops.push({ code: 'ISLAND', name: { zh: '孤岛', en: 'Island' }, lat: 30.75, lon: 120.47, active: true });
      await expectRefused(input, '400 network_unreachable links');
      const res = await put(input);
      expect(errorOf(res).message).toBe(
        'No road leads from CC-N to ISLAND: every active stop must be reachable from every other one (links).',
      );
    });

    it('refuses a one-way road with no way back, naming the pair it cuts', async () => {
      const input = asInput(await network());
      // PIER's only road out is to the theatre: without it nobody leaves the pier
      input.links = input.links.filter((l) => !(l.from === 'PIER'));
      await expectRefused(input, '400 network_unreachable links');
      expect(errorOf(await put(input)).message).toContain('from PIER to CC-N');
    });

    it('accepts an inactive stop that no road reaches: only active stops must connect', async () => {
      const input = asInput(await network());
      input.stops.push({ code: 'CLOSED', name: { zh: '关闭的站', en: 'Closed stop' }, lat: 30.75, lon: 120.47, active: false });
      const res = await put(input);
      expectStatus(res, 200);
      expect(res.json<CartNetwork>().stops.at(-1)).toMatchObject({ code: 'CLOSED', active: false });
    });

    it('refuses to remove a stop where a cart stands, naming the stop', async () => {
      const input = asInput(await network());
      input.stops = input.stops.filter((x) => x.code !== 'HOTEL-W');
      input.links = input.links.filter((l) => l.from !== 'HOTEL-W' && l.to !== 'HOTEL-W');
      await expectRefused(input, '409 network_stop_in_use stops');
      expect(errorOf(await put(input)).message).toContain('HOTEL-W');
    });

    it('refuses to deactivate a stop where a cart stands, naming its active', async () => {
      const input = asInput(await network());
      const i = input.stops.findIndex((x) => x.code === 'CC-N');
      input.stops[i] = { ...input.stops[i]!, active: false };
      await expectRefused(input, `409 network_stop_in_use stops.${i}.active`);
    });

    it('refuses to deactivate a stop an open ride leaves from, naming its active', async () => {
      await ride({ from: 'DZ', to: 'PRESS', status: 'assigned', requested: Date.now() });
      const input = asInput(await network());
      const i = input.stops.findIndex((x) => x.code === 'DZ');
      input.stops[i] = { ...input.stops[i]!, active: false };
      await expectRefused(input, `409 network_stop_in_use stops.${i}.active`);
      await clearRides();
    });

    it('refuses to remove a stop with past rides, advising to deactivate it, and then deactivates it', async () => {
      await ride({ from: 'VISITOR', to: 'DZ', status: 'done', requested: Date.now() - 3_600_000, pickedUp: Date.now() - 3_500_000 });
      const input = asInput(await network());
      const removed = {
        ...input,
        stops: input.stops.filter((x) => x.code !== 'VISITOR'),
        links: input.links.filter((l) => l.from !== 'VISITOR' && l.to !== 'VISITOR'),
      };
      await expectRefused(removed, '409 network_stop_has_rides stops');
      expect(errorOf(await put(removed)).message).toContain('deactivate it instead');

      const i = input.stops.findIndex((x) => x.code === 'VISITOR');
      input.stops[i] = { ...input.stops[i]!, active: false };
      const res = await put(input);
      expectStatus(res, 200);
      expect(res.json<CartNetwork>().stops[i]).toMatchObject({ code: 'VISITOR', active: false });
      await clearRides();
    });

    it('removes a stop nobody used, with its links', async () => {
      const input = asInput(await network());
      input.stops = input.stops.filter((x) => x.code !== 'CLOSED');
      const res = await put(input);
      expectStatus(res, 200);
      expect(res.json<CartNetwork>().stops.map((x) => x.code)).not.toContain('CLOSED');
      expect(await db().selectFrom('cart_stops').select('id').where('code', '=', 'CLOSED').execute()).toEqual([]);
    });
  });

  describe('the fleet', () => {
    const cart = (extra: object = {}) => ({
      code: 'c21',
      seats: 6,
      accessible: true,
      driver: 'desk@wic2017.example.org',
      shiftStart: '07:00',
      shiftEnd: '22:00',
      home: 'DZ',
      ...extra,
    });
    const post = (body: unknown) => call(app, organiser, 'POST', `${EV}/carts`, body);
    const patch = (code: string, body: unknown) => call(app, organiser, 'PATCH', `${EV}/carts/${code}`, body);
    async function refused(res: Promise<Awaited<ReturnType<typeof post>>>, refusal: string) {
      const before = await snapshotDb(app);
      expect(refusalOf(await res)).toBe(refusal);
      expect(await snapshotDb(app)).toEqual(before);
    }

    it('lists the 20 demo carts by code, each at its home stop, C01 with the demo driver', async () => {
      const res = await call(app, organiser, 'GET', `${EV}/carts`);
      expectStatus(res, 200);
      const carts = res.json<CartAdmin[]>();
      expect(carts.map((c) => c.code)).toEqual(Array.from({ length: 20 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`));
      expect(carts[0]).toMatchObject({
        seats: 8,
        accessible: false,
        shiftStart: '00:00',
        shiftEnd: '24:00',
        inService: true,
        stop: 'CC-N',
        aboard: 0,
        planned: 0,
      });
      expect(carts[0]!.driver).toMatchObject({ email: 'driver@wic2017.example.org', name: '观光车司机 Cart driver' });
      expect(carts[4]).toMatchObject({ seats: 6, accessible: true, driver: null });
    });

    it('adds a cart at its home stop, free from now with an empty plan, and gives its driver the driver role', async () => {
      const before = Date.now();
      const res = await post(cart());
      expectStatus(res, 201);
      expect(res.json<CartAdmin>()).toEqual({
        code: 'C21',
        seats: 6,
        accessible: true,
        driver: { id: expect.any(Number), email: 'desk@wic2017.example.org', name: '证件发放台 Badge desk' },
        shiftStart: '07:00',
        shiftEnd: '22:00',
        inService: true,
        stop: 'DZ',
        lat: 30.7461,
        lon: 120.4988,
        positionAt: null,
        aboard: 0,
        planned: 0,
      });
      const row = await db().selectFrom('carts').selectAll().where('code', '=', 'C21').executeTakeFirstOrThrow();
      expect(row.node_stop_id).toBe(await stopId('DZ'));
      expect(row.plan).toBe('[]');
      expect(Number(row.free_at)).toBeGreaterThanOrEqual(before);
      expect(Number(row.free_at)).toBeLessThanOrEqual(Date.now());
      const grants = await db()
        .selectFrom('role_grants')
        .select(['role', 'event_id'])
        .where('user_id', '=', row.driver_user_id!)
        .orderBy('role')
        .execute();
      expect(grants).toEqual([
        { role: 'desk_staff', event_id: eventId },
        { role: 'driver', event_id: eventId },
      ]);
    });

    it('refuses a second cart with the same code with 409, naming code', async () => {
      await refused(post(cart({ code: 'C21' })), '409 code_taken code');
    });
    it('refuses a home stop that does not exist, naming home', async () => {
      await refused(post(cart({ code: 'C22', home: 'NOWHERE' })), '400 fleet_stop_not_active home');
    });
    it('refuses a home stop that is deactivated, naming home', async () => {
      await refused(post(cart({ code: 'C22', home: 'VISITOR' })), '400 fleet_stop_not_active home');
    });
    it('refuses a driver without an account with 404, naming driver', async () => {
      await refused(post(cart({ code: 'C22', driver: 'nobody@example.org' })), '404 fleet_driver_unknown driver');
    });
    it('refuses a shift that ends before it starts, naming shiftEnd', async () => {
      await refused(post(cart({ code: 'C22', shiftStart: '18:00', shiftEnd: '08:00' })), '400 ends_before_start shiftEnd');
    });

    it('changes only the fields a patch names', async () => {
      const res = await patch('C21', { seats: 5, shiftEnd: '24:00' });
      expectStatus(res, 200);
      expect(res.json<CartAdmin>()).toMatchObject({
        code: 'C21',
        seats: 5,
        accessible: true,
        shiftStart: '07:00',
        shiftEnd: '24:00',
        driver: { email: 'desk@wic2017.example.org' },
      });
      const cleared = await patch('c21', { driver: null });
      expectStatus(cleared, 200);
      expect(cleared.json<CartAdmin>()).toMatchObject({ seats: 5, driver: null });
    });

    it('refuses fewer seats than the passengers aboard with 409, naming seats', async () => {
      await ride({
        from: 'DZ',
        to: 'PRESS',
        status: 'onboard',
        party: 4,
        cart: 'C21',
        requested: Date.now() - 60_000,
        pickedUp: Date.now(),
      });
      await refused(patch('C21', { seats: 3 }), '409 fleet_seats_below_aboard seats');
      expect(errorOf(await patch('C21', { seats: 3 })).message).toContain('4 passengers aboard');
      expectStatus(await patch('C21', { seats: 4 }), 200);
      await clearRides();
    });

    it('refuses a patch of a cart that does not exist with 404, naming cart', async () => {
      await refused(patch('C99', { seats: 4 }), '404 not_found cart');
    });

    it('refuses to return a cart to service without saying where, naming stop', async () => {
      await db()
        .updateTable('carts')
        .set({ in_service: 0 })
        .where('id', '=', await cartId('C21'))
        .execute();
      await refused(patch('C21', { inService: true }), '400 fleet_stop_required stop');
      await refused(patch('C21', { inService: true, stop: 'VISITOR' }), '400 fleet_stop_not_active stop');
      await db()
        .updateTable('carts')
        .set({ in_service: 1 })
        .where('id', '=', await cartId('C21'))
        .execute();
    });

    it('takes a cart out of service and puts it back at a stop', async () => {
      const out = await patch('C20', { inService: false });
      expectStatus(out, 200);
      expect(out.json<CartAdmin>().inService).toBe(false);
      const back = await patch('C20', { inService: true, stop: 'CC-S' });
      expectStatus(back, 200);
      expect(back.json<CartAdmin>()).toMatchObject({ inService: true, stop: 'CC-S' });
    });
  });

  describe.skipIf(!hasPoppler)('the stop posters', () => {
    const host = { host: 'carts.example.org' };

    it("prints one stop's A4 poster whose QR opens its call page, with both names, its code and the steps", async () => {
      const res = await call(app, organiser, 'GET', `${EV}/cart-posters.pdf?stop=cc-n`, undefined, host);
      expectStatus(res, 200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.rawPayload;
      expect(poppler('pdfinfo', pdf)).toMatch(/^Pages:\s+1$/m);
      expect(poppler('pdfinfo', pdf)).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)/m);
      expect(await decodePdfQr(pdf)).toEqual([['http://carts.example.org/app/cart/wic2017/CC-N']]);
      const text = poppler('pdftotext', pdf);
      for (const words of [
        '扫码呼叫观光车',
        'Scan to call a sightseeing cart',
        '会展中心北广场',
        'Convention Centre North Plaza',
        'CC-N',
        '选择目的地和人数',
        'Choose where to go and how many you are',
        'World Internet Conference',
      ])
        expect(text).toContain(words);
    });

    it('prints one page per active stop, in order, each QR naming its stop', async () => {
      const res = await call(app, organiser, 'GET', `${EV}/cart-posters.pdf`, undefined, host);
      expectStatus(res, 200);
      const active = (await network()).stops.filter((x) => x.active).map((x) => x.code);
      const qrs = await decodePdfQr(res.rawPayload, 72);
      expect(qrs).toEqual(active.map((code) => [`http://carts.example.org/app/cart/wic2017/${code}`]));
    });

    it('refuses a poster of a stop that does not exist with 404, naming stop', async () => {
      expect(refusalOf(await call(app, organiser, 'GET', `${EV}/cart-posters.pdf?stop=NOWHERE`))).toBe('404 not_found stop');
    });

    it("links to the proxy's public address when the server trusts its proxy", async () => {
      const proxied = await startTestApp(kind, { HUIWU_TRUST_PROXY: 'true' });
      try {
        await loadDemoEvent(proxied);
        const session = await login(proxied, 'organiser@wic2017.example.org', DEMO_PASSWORD);
        const res = await call(proxied, session, 'GET', `${EV}/cart-posters.pdf?stop=P1`, undefined, {
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'wic.example.cn',
        });
        expectStatus(res, 200);
        expect(await decodePdfQr(res.rawPayload)).toEqual([['https://wic.example.cn/app/cart/wic2017/P1']]);
      } finally {
        await proxied.dispose();
      }
    });
  });
});
