import type { Queryable } from '../../platform/db/database.js';
import type { CartStopsTable } from './logistics.tables.js';
import type { Selectable } from 'kysely';
import type { CartAdmin, CartRules, CartStop } from './carts.schema.js';

/**
 * Reads shared by the organisers' carts routes: the rules, the stops and each cart as the console shows it.
 * bigint columns (epoch ms) come back from PostgreSQL as strings, so every one is read through Number().
 */

/**
 * Until an organiser saves rules, an event's carts run on the demo's (DEMO_CART_RULES): 10 minutes' wait, twice the
 * direct time, 2 minutes for a no-show. Written out here, as modules do not import the demo's data.
 */
export const DEFAULT_CART_RULES: CartRules = { maxWaitSeconds: 600, maxRideFactor: 2, noShowSeconds: 120 };

/** Ride statuses that still need a cart: waiting for it, aboard, or aboard a broken one waiting for rescue. */
export const OPEN_RIDE_STATUSES = ['assigned', 'onboard', 'rescue'] as const;

export async function readRules(db: Queryable, eventId: number): Promise<CartRules> {
  const row = await db.selectFrom('cart_settings').selectAll().where('event_id', '=', eventId).executeTakeFirst();
  if (!row) return { ...DEFAULT_CART_RULES };
  return { maxWaitSeconds: Number(row.max_wait), maxRideFactor: Number(row.max_ride_factor), noShowSeconds: Number(row.no_show_seconds) };
}

export type StopRow = Selectable<CartStopsTable>;

export function toStop(row: StopRow): CartStop {
  return {
    code: row.code,
    name: { zh: row.name_zh, en: row.name_en },
    lat: Number(row.lat),
    lon: Number(row.lon),
    active: Number(row.active) === 1,
  };
}

/** The event's stops in the organisers' order. */
export function readStops(db: Queryable, eventId: number): Promise<StopRow[]> {
  return db.selectFrom('cart_stops').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('id').execute();
}

/**
 * The fleet as the console shows it, by code. Position: the phone's last report, else the stop the cart is at (or
 * reaches next), so every cart in service has a place on the map. `aboard` counts passengers, `planned` the rides
 * assigned to it and not yet picked up.
 */
export async function cartAdminViews(db: Queryable, eventId: number, cartId?: number): Promise<CartAdmin[]> {
  let q = db
    .selectFrom('carts')
    .leftJoin('users', 'users.id', 'carts.driver_user_id')
    .leftJoin('cart_stops', 'cart_stops.id', 'carts.node_stop_id')
    .select([
      'carts.id',
      'carts.code',
      'carts.seats',
      'carts.accessible',
      'carts.shift_start',
      'carts.shift_end',
      'carts.in_service',
      'carts.lat',
      'carts.lon',
      'carts.position_at',
      'users.id as driver_id',
      'users.email as driver_email',
      'users.display_name as driver_name',
      'cart_stops.code as stop_code',
      'cart_stops.lat as stop_lat',
      'cart_stops.lon as stop_lon',
    ])
    .where('carts.event_id', '=', eventId);
  if (cartId !== undefined) q = q.where('carts.id', '=', cartId);
  const rows = await q.orderBy('carts.code').execute();
  let counts = db
    .selectFrom('cart_rides')
    .select(['cart_id', 'status'])
    .select((eb) => [eb.fn.sum<number | string>('party').as('people'), eb.fn.countAll<number | string>().as('rides')])
    .where('event_id', '=', eventId)
    .where('status', 'in', ['assigned', 'onboard'])
    .where('cart_id', 'is not', null)
    .groupBy(['cart_id', 'status']);
  if (cartId !== undefined) counts = counts.where('cart_id', '=', cartId);
  const aboard = new Map<number, number>();
  const planned = new Map<number, number>();
  for (const c of await counts.execute()) {
    if (c.status === 'onboard') aboard.set(Number(c.cart_id), Number(c.people));
    else planned.set(Number(c.cart_id), Number(c.rides));
  }
  return rows.map((r) => {
    const phone = r.lat !== null && r.lon !== null;
    return {
      code: r.code,
      seats: Number(r.seats),
      accessible: Number(r.accessible) === 1,
      driver: r.driver_id !== null ? { id: Number(r.driver_id), email: r.driver_email!, name: r.driver_name! } : null,
      shiftStart: r.shift_start,
      shiftEnd: r.shift_end,
      inService: Number(r.in_service) === 1,
      stop: r.stop_code ?? null,
      lat: phone ? Number(r.lat) : r.stop_lat !== null ? Number(r.stop_lat) : null,
      lon: phone ? Number(r.lon) : r.stop_lon !== null ? Number(r.stop_lon) : null,
      positionAt: phone && r.position_at ? r.position_at : null,
      aboard: aboard.get(Number(r.id)) ?? 0,
      planned: planned.get(Number(r.id)) ?? 0,
    };
  });
}
