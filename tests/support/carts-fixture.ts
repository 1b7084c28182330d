import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { adminSession, call, login, type Session, type TestApp } from './harness.js';

/**
 * A small cart network of its own event, written straight into the tables: five stops in a line (A–E, 120 s and
 * about 480 m apart, two-way roads), cart C1 (4 seats) at A driven by driver1, cart C2 (4 seats, accessible) at E
 * driven by driver2. The rules: 10 minutes' maximum wait, rides at most twice the direct time, 2 minutes' no-show.
 */
export const SLUG = 'carts-2026';
export const EV = `/api/v1/events/${SLUG}`;
export const STOPS = ['A', 'B', 'C', 'D', 'E'] as const;
const PASSWORD = 'carts-password-1';

export const stopLat = 30.75;
export const stopLon = (i: number) => 120.49 + i * 0.005;

export interface CartFixture {
  eventId: number;
  admin: Session;
  driver1: Session;
  driver2: Session;
  stops: Record<string, number>;
  carts: Record<string, number>;
}

export async function setupCartEvent(app: TestApp): Promise<CartFixture> {
  const admin = await adminSession(app);
  const created = await call(app, admin, 'POST', '/api/v1/events', {
    slug: SLUG,
    name: { zh: '观光车测试', en: 'Cart test' },
    timezone: 'Asia/Shanghai',
    startDate: '2026-11-01',
    endDate: '2026-12-31',
    languages: ['zh', 'en'],
  });
  expect(created.statusCode, created.body).toBe(201);
  const db = app.deps.db;
  const eventId = (await db.selectFrom('events').select('id').where('slug', '=', SLUG).executeTakeFirstOrThrow()).id;
  const driver = async (n: number) => {
    const email = `driver${n}@carts.example.org`;
    const res = await call(app, admin, 'POST', `${EV}/accounts`, { email, displayName: `Driver ${n}`, role: 'driver', password: PASSWORD });
    expect(res.statusCode, res.body).toBe(201);
    return login(app, email, PASSWORD);
  };
  const [driver1, driver2] = [await driver(1), await driver(2)];
  await db.insertInto('cart_settings').values({ event_id: eventId, max_wait: 600, max_ride_factor: 2, no_show_seconds: 120 }).execute();
  const stops: Record<string, number> = {};
  for (const [i, code] of STOPS.entries()) {
    const row = await db
      .insertInto('cart_stops')
      .values({ event_id: eventId, code, name_zh: `站${code}`, name_en: `Stop ${code}`, lat: stopLat, lon: stopLon(i), position: i })
      .returning('id')
      .executeTakeFirstOrThrow();
    stops[code] = row.id;
  }
  for (let i = 0; i + 1 < STOPS.length; i++) {
    const [a, b] = [stops[STOPS[i]!]!, stops[STOPS[i + 1]!]!];
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      await db
        .insertInto('cart_links')
        .values({ event_id: eventId, from_stop_id: from, to_stop_id: to, seconds: 120, metres: 480 })
        .execute();
    }
  }
  const now = Date.now();
  const carts: Record<string, number> = {};
  for (const [code, home, accessible, d] of [
    ['C1', 'A', 0, driver1],
    ['C2', 'E', 1, driver2],
  ] as const) {
    const row = await db
      .insertInto('carts')
      .values({
        event_id: eventId,
        code,
        seats: 4,
        accessible,
        driver_user_id: d.userId,
        shift_start: '00:00',
        shift_end: '24:00',
        node_stop_id: stops[home]!,
        free_at: now,
        updated_at: new Date(now).toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    carts[code] = row.id;
  }
  return { eventId, admin, driver1, driver2, stops, carts };
}

export interface Ride {
  token: string;
  code: string;
  status: string;
  cart: { code: string; stop: string | null; lat: number | null } | null;
  eta: string | null;
  etaSeconds: number | null;
  refusal: string | null;
  estimatedWaitSeconds: number | null;
  pickedUpAt: string | null;
  droppedOffAt: string | null;
}

export function callRide(app: TestApp, body: object, session: Session | null = null): Promise<LightMyRequestResponse> {
  return call(app, session, 'POST', `${EV}/rides`, body);
}

let seq = 0;
/** A driver update with the next seq of this test run (seqs only need to grow per cart). */
export function update(cart: string, kind: string, extra: object = {}): Record<string, unknown> {
  return { cart, seq: ++seq, at: new Date().toISOString(), kind, ...extra };
}

export function drive(app: TestApp, session: Session, body: object): Promise<LightMyRequestResponse> {
  return call(app, session, 'POST', `${EV}/driver/updates`, body);
}

export async function rideId(app: TestApp, token: string): Promise<number> {
  return (await app.deps.db.selectFrom('cart_rides').select('id').where('token', '=', token).executeTakeFirstOrThrow()).id;
}
