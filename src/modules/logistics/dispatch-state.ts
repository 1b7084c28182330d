import { sql, type Selectable } from 'kysely';
import {
  shortestPaths,
  timeline,
  type Cart,
  type DispatchState,
  type OpenRequest,
  type PlanStop,
  type ShortestPaths,
} from '../../engines/dispatch/index.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { CartRidesTable, CartsTable, CartStopsTable } from './logistics.tables.js';
import type { Deps } from '../../platform/deps.js';
import type { Refusal, Result } from '../../platform/result.js';
import type { CartRules } from './carts.schema.js';
import { readRules } from './network.store.js';
import { eventTimezone } from '../events/index.js';

/**
 * The live dispatcher's state is rows (ADR 0008): each operation loads the event's network, carts and open rides
 * into the engine's DispatchState inside one transaction, serialised per event, applies engine operations and
 * writes back only what changed. Engine times are seconds; the rows hold epoch milliseconds.
 */

/** Namespace of the PostgreSQL advisory lock that serialises one event's cart operations on every instance. */
const CART_LOCK = 0x4857_0005;

/** Seconds a cart stands at a stop to board or set down (the simulator's default). */
export const DWELL_SECONDS = 20;

export const OPEN_STATUSES = ['assigned', 'onboard'] as const;

export type StopRow = Pick<Selectable<CartStopsTable>, 'id' | 'code' | 'name_zh' | 'name_en' | 'lat' | 'lon' | 'active'>;
export type CartRow = Selectable<CartsTable>;
export type RideRow = Selectable<CartRidesTable>;

export interface Loaded {
  eventId: number;
  rules: CartRules;
  stops: StopRow[];
  /** stop id → engine node (index into stops) */
  node: Map<number, number>;
  paths: ShortestPaths;
  /** the one-way road links, as engine nodes */
  links: Array<{ from: number; to: number; seconds: number }>;
  carts: CartRow[];
  /** the open rides (assigned, onboard) by id */
  rides: Map<number, RideRow>;
  state: DispatchState;
}

/** Carries a refusal out of a transaction so that everything written before it is rolled back. */
class Abort extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}

/**
 * Runs `fn` in one transaction holding the event's cart lock; a refusal rolls back whatever `fn` wrote. `after`
 * runs once committed (bus events are published only for what really happened).
 */
export async function withCartLock<T>(
  deps: Deps,
  eventId: number,
  fn: (trx: Tx, after: Array<() => Promise<unknown>>) => Promise<Result<T>>,
): Promise<Result<T>> {
  const after: Array<() => Promise<unknown>> = [];
  let result: Result<T>;
  try {
    result = await deps.db.transaction().execute(async (trx) => {
      if (deps.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${CART_LOCK}, ${eventId})`.execute(trx);
      const r = await fn(trx, after);
      if (!r.ok) throw new Abort(r);
      return r;
    });
  } catch (err) {
    if (err instanceof Abort) return err.refusal;
    throw err;
  }
  for (const f of after) await f();
  return result;
}

export const parsePlan = (text: string): PlanStop[] => JSON.parse(text) as PlanStop[];

/** Minutes since midnight on the event's clock, for shifts. */
function clockMinutes(timezone: string, nowMs: number): number {
  try {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(nowMs);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
    return get('hour') * 60 + get('minute');
  } catch {
    return new Date(nowMs).getUTCHours() * 60 + new Date(nowMs).getUTCMinutes();
  }
}
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the cart's shift covers `now` (a shift may run past midnight: 22:00–06:00). */
export function onShift(cart: Pick<CartRow, 'shift_start' | 'shift_end'>, timezone: string, nowMs: number): boolean {
  const m = clockMinutes(timezone, nowMs);
  const [s, e] = [minutesOf(cart.shift_start), minutesOf(cart.shift_end)];
  return s <= e ? m >= s && m < e : m >= s || m < e;
}

/** Loads the event's dispatcher state: every stop is a node (inactive ones still carry open rides). */
export async function loadDispatch(db: Queryable, eventId: number, nowMs: number): Promise<Loaded> {
  const [timezone, rules, stops, links, carts, rides] = await Promise.all([
    eventTimezone(db, eventId),
    readRules(db, eventId),
    db
      .selectFrom('cart_stops')
      .select(['id', 'code', 'name_zh', 'name_en', 'lat', 'lon', 'active'])
      .where('event_id', '=', eventId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db.selectFrom('cart_links').select(['from_stop_id', 'to_stop_id', 'seconds', 'metres']).where('event_id', '=', eventId).execute(),
    db.selectFrom('carts').selectAll().where('event_id', '=', eventId).orderBy('code').execute(),
    db
      .selectFrom('cart_rides')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('status', 'in', [...OPEN_STATUSES])
      .orderBy('id')
      .execute(),
  ]);
  const node = new Map(stops.map((s, i) => [s.id, i]));
  const engineLinks = links.flatMap((l) => {
    const [from, to] = [node.get(l.from_stop_id), node.get(l.to_stop_id)];
    return from === undefined || to === undefined ? [] : [{ from, to, seconds: l.seconds, metres: l.metres }];
  });
  const paths = shortestPaths(stops.length, engineLinks);
  const engineCarts: Cart[] = carts.map((c) => ({
    id: String(c.id),
    seats: c.seats,
    accessible: c.accessible === 1,
    // out of its shift a cart finishes its plan but takes no new rides; never written back
    inService: c.in_service === 1 && c.node_stop_id !== null && onShift(c, timezone, nowMs),
    node: c.node_stop_id !== null ? (node.get(c.node_stop_id) ?? 0) : 0,
    freeAt: Number(c.free_at) / 1000,
    ...(c.arrived_at !== null ? { since: Number(c.arrived_at) / 1000 } : {}),
    plan: parsePlan(c.plan),
  }));
  const requests: OpenRequest[] = rides.map((r) => ({
    id: String(r.id),
    origin: node.get(r.origin_stop_id)!,
    destination: node.get(r.destination_stop_id)!,
    party: r.party,
    wheelchair: r.wheelchair === 1,
    requestedAt: Number(r.requested_at) / 1000,
    maxWait: r.max_wait,
    maxRideFactor: Number(r.max_ride_factor),
    status: r.status === 'onboard' ? 'onboard' : 'assigned',
    cart: r.cart_id !== null ? String(r.cart_id) : null,
    pickedUpAt: r.picked_up_at !== null ? Number(r.picked_up_at) / 1000 + DWELL_SECONDS : null,
  }));
  return {
    eventId,
    rules,
    stops,
    node,
    paths,
    links: engineLinks,
    carts,
    rides: new Map(rides.map((r) => [r.id, r])),
    state: {
      travel: paths.travel,
      noShowTimeout: rules.noShowSeconds,
      carts: engineCarts,
      requests,
      // as in the simulator: boarding takes time, and riders behind a caller who may not show keep their promises
      dwell: DWELL_SECONDS,
      noShowReserve: rules.noShowSeconds,
    },
  };
}

/** Pickup and drop-off times (epoch ms) of every planned ride, from the engine's timeline of each cart. */
export function etas(state: DispatchState, nowSec: number): { pickup: Map<number, number>; dropoff: Map<number, number> } {
  const pickup = new Map<number, number>();
  const dropoff = new Map<number, number>();
  for (const cart of state.carts) {
    const tl = timeline(state, cart, cart.plan, nowSec);
    if (!tl) continue;
    for (const [id, t] of tl.pickup) pickup.set(Number(id), Math.round(Math.max(t, nowSec) * 1000));
    for (const [id, t] of tl.dropoff) dropoff.set(Number(id), Math.round(Math.max(t, nowSec) * 1000));
  }
  return { pickup, dropoff };
}

/**
 * Writes back what the engine changed: each cart's node, free time and plan; each open ride's cart, status, pickup
 * time and pickup ETA. Rides the engine dropped (done, cancelled, no-show, stranded, rescue) are closed by the
 * caller, which knows why.
 */
export async function saveDispatch(trx: Tx, loaded: Loaded, next: DispatchState, nowSec: number): Promise<void> {
  const stopOf = (n: number) => loaded.stops[n]!.id;
  const nowIso = new Date(nowSec * 1000).toISOString();
  for (const cart of next.carts) {
    const row = loaded.carts.find((c) => String(c.id) === cart.id)!;
    const plan = JSON.stringify(cart.plan);
    const freeAt = Math.round(cart.freeAt * 1000);
    // a cart without a stop is out of service and never moved by the engine
    const nodeStop = row.node_stop_id === null ? null : stopOf(cart.node);
    const since = cart.since !== undefined ? Math.round(cart.since * 1000) : null;
    if (plan === row.plan && freeAt === Number(row.free_at) && nodeStop === row.node_stop_id && since === nullableNumber(row.arrived_at))
      continue;
    await trx
      .updateTable('carts')
      .set({ plan, free_at: freeAt, node_stop_id: nodeStop, arrived_at: since, updated_at: nowIso })
      .where('id', '=', row.id)
      .execute();
  }
  const { pickup } = etas(next, nowSec);
  for (const r of next.requests) {
    const id = Number(r.id);
    const row = loaded.rides.get(id);
    const cartId = r.cart !== null ? Number(r.cart) : null;
    const eta =
      r.status === 'assigned'
        ? (pickup.get(id) ?? null)
        : row?.pickup_eta !== undefined && row.pickup_eta !== null
          ? Number(row.pickup_eta)
          : null;
    // the engine starts the ride after the boarding dwell; the row keeps when the driver reported the pick-up
    const pickedUp = r.pickedUpAt !== null ? Math.round((r.pickedUpAt - DWELL_SECONDS) * 1000) : null;
    if (
      row &&
      row.status === r.status &&
      row.cart_id === cartId &&
      nullableNumber(row.pickup_eta) === eta &&
      nullableNumber(row.picked_up_at) === pickedUp
    )
      continue;
    await trx
      .updateTable('cart_rides')
      .set({ status: r.status, cart_id: cartId, pickup_eta: eta, picked_up_at: pickedUp })
      .where('id', '=', id)
      .execute();
  }
}

export const nullableNumber = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/** Closes rides the engine no longer holds, with their final status. */
export async function closeRides(
  trx: Tx,
  ids: readonly number[],
  status: 'done' | 'cancelled' | 'no_show' | 'stranded' | 'rescue',
  nowMs: number,
): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('cart_rides')
    .set({
      status,
      closed_at: nowMs,
      ...(status === 'done' ? { dropped_off_at: nowMs } : {}),
      ...(status === 'stranded' ? { cart_id: null, pickup_eta: null } : {}),
    })
    .where('id', 'in', [...ids])
    .execute();
}
