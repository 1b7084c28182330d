import { poolingDispatcher, type DispatchState, type OpResult } from '../../engines/dispatch/index.js';
import type { Tx } from '../../platform/db/database.js';
import { emit, type Actor, type Deps } from '../../platform/deps.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import { retireCart, reviveCart } from './breakdown-cart.js';
import type { DriverUpdate, DriverView } from './carts.schema.js';
import { closeRides, loadDispatch, saveDispatch, withCartLock, type CartRow, type Loaded, type RideRow } from './dispatch-state.js';
import { locateCart, ON_LINK_METRES } from './locate-cart.js';
import { driverView, mayDrive } from './read-driver-view.js';

type Update = DriverUpdate & { seq: number; at: string };

const ENGINE_REFUSAL = {
  'unknown-request': 'ride_not_on_cart',
  'unknown-cart': 'not_found',
  'not-assigned': 'ride_not_waiting',
  'not-aboard': 'ride_not_aboard',
  'too-early': 'ride_no_show_too_early',
  'not-at-pickup': 'ride_not_at_pickup',
} as const;

interface Step {
  deps: Deps;
  actor: Actor;
  trx: Tx;
  loaded: Loaded;
  cart: CartRow;
  nowMs: number;
  after: Array<() => Promise<unknown>>;
}

/**
 * The driver's station reports what happened, one update or a queue kept while offline. Updates are applied in
 * seq order, each once: a seq not above the cart's last applied one is a replay (or out of order) and is refused.
 * The whole upload is one transaction: a refusal names the update (its index in a queue) and changes nothing.
 */
export async function applyDriverUpdates(
  deps: Deps,
  actor: Actor,
  eventId: number,
  updates: readonly Update[],
  queued: boolean,
  nowMs: number,
): Promise<Result<DriverView>> {
  const order = updates.map((u, i) => ({ u, i })).sort((a, b) => a.u.seq - b.u.seq || a.i - b.i);
  return withCartLock(deps, eventId, async (trx, after) => {
    let lastCart = '';
    for (const { u, i } of order) {
      const field = (f: string) => (queued ? `${i}.${f}` : f);
      const named = (r: Refusal): Refusal => ({ ...r, ...(r.field !== undefined ? { field: field(r.field) } : {}) });
      // at the time the phone says, unless its clock runs ahead of the server's
      const at = Math.min(Date.parse(u.at), nowMs);
      const loaded = await loadDispatch(trx, eventId, at);
      const cart = loaded.carts.find((c) => c.code === u.cart);
      if (!cart) return named(refuse('not_found', 'cart'));
      if (!mayDrive(actor, eventId, cart)) return named(refuse('ride_cart_not_yours', 'cart', { cart: cart.code }));
      if (u.seq <= Number(cart.driver_seq)) return named(refuse('ride_seq_stale', 'seq', { last: Number(cart.driver_seq) }));
      const done = await applyOne(deps, actor, { trx, loaded, cart, nowMs: at, after }, u);
      if (!done.ok) return named(done);
      await trx.updateTable('carts').set({ driver_seq: u.seq }).where('id', '=', cart.id).execute();
      lastCart = cart.code;
    }
    const loaded = await loadDispatch(trx, eventId, nowMs);
    return ok(
      await driverView(
        trx,
        loaded,
        loaded.carts.find((c) => c.code === lastCart)!,
        nowMs,
      ),
    );
  });
}

async function save(s: Step, r: OpResult): Promise<Result<DispatchState>> {
  if (r.error) return refuse(ENGINE_REFUSAL[r.error], 'ride');
  await saveDispatch(s.trx, s.loaded, r.state, s.nowMs / 1000);
  return ok(r.state);
}

/** The cart reached a stop: its plan is timed from here, now. Reports while standing there change nothing. */
async function arrive(s: Step, stopId: number): Promise<Result<null>> {
  const node = s.loaded.node.get(stopId)!;
  const engineCart = s.loaded.state.carts.find((c) => c.id === String(s.cart.id))!;
  const nowSec = s.nowMs / 1000;
  // standing at the stop already: keep the time it arrived (the no-show wait counts from it)
  // (standing: it got there, or is boarding there, as opposed to driving to it)
  if (s.cart.node_stop_id === stopId && (engineCart.since ?? engineCart.freeAt) <= nowSec) {
    // there since it became free, as far as anyone knows
    if (s.cart.arrived_at === null)
      await s.trx.updateTable('carts').set({ arrived_at: s.cart.free_at }).where('id', '=', s.cart.id).execute();
    return ok(null);
  }
  if (s.cart.node_stop_id === null) {
    // a cart placed nowhere yet (the engine holds it out of service): this is where it is
    await s.trx
      .updateTable('carts')
      .set({ node_stop_id: stopId, free_at: s.nowMs, arrived_at: s.nowMs })
      .where('id', '=', s.cart.id)
      .execute();
    return ok(null);
  }
  const r = await save(s, poolingDispatcher.arrived(s.loaded.state, engineCart.id, node, nowSec));
  if (!r.ok) return r;
  const code = s.loaded.stops.find((x) => x.id === stopId)!.code;
  s.after.push(() => emit(s.deps, s.actor, s.loaded.eventId, { type: 'cart.arrived', payload: { cart: s.cart.code, stop: code } }));
  return ok(null);
}

function rideOf(s: Step, rideId: number): Result<RideRow> {
  const ride = s.loaded.rides.get(rideId);
  if (!ride || ride.cart_id !== s.cart.id) return refuse('ride_not_on_cart', 'ride', { ride: rideId, cart: s.cart.code });
  return ok(ride);
}

async function applyOne(deps: Deps, actor: Actor, base: Omit<Step, 'deps' | 'actor'>, u: Update): Promise<Result<null>> {
  const s: Step = { ...base, deps, actor };
  const { trx, loaded, cart, nowMs, after } = s;
  const nowSec = nowMs / 1000;
  const publish = (type: string, payload: Record<string, unknown>) =>
    after.push(() => emit(deps, actor, loaded.eventId, { type, payload: { cart: cart.code, ...payload } }));
  switch (u.kind) {
    case 'position': {
      const engineCart = loaded.state.carts.find((c) => c.id === String(cart.id))!;
      const where = locateCart(loaded, engineCart, u, nowSec);
      if (!where) return refuse('ride_off_network', 'lat', { metres: ON_LINK_METRES });
      await trx
        .updateTable('carts')
        .set({ lat: u.lat, lon: u.lon, position_at: new Date(nowMs).toISOString() })
        .where('id', '=', cart.id)
        .execute();
      publish('cart.position_reported', { lat: u.lat, lon: u.lon });
      if (where.kind === 'stop') return arrive(s, where.stopId);
      if (where.kind === 'link') {
        // on its way: the plan is timed from the end of this road, reached in the rest of the road's time
        const r = await save(s, poolingDispatcher.arrived(loaded.state, engineCart.id, where.node, nowSec, nowSec + where.seconds));
        if (!r.ok) return r;
      }
      return ok(null);
    }
    case 'arrived': {
      const stop = loaded.stops.find((st) => st.code === u.stop);
      if (!stop) return refuse('ride_stop_unknown', 'stop', { stop: u.stop });
      return arrive(s, stop.id);
    }
    case 'accept': {
      const ride = rideOf(s, u.ride);
      if (!ride.ok) return ride;
      if (ride.value.accepted_at === null) {
        await trx.updateTable('cart_rides').set({ accepted_at: nowMs }).where('id', '=', u.ride).execute();
        publish('ride.accepted', { rideId: u.ride });
      }
      return ok(null);
    }
    case 'picked_up': {
      const ride = rideOf(s, u.ride);
      if (!ride.ok) return ride;
      if (u.code !== undefined && u.code !== ride.value.code) return refuse('ride_code_wrong', 'code');
      const r = await save(s, poolingDispatcher.pickedUp(loaded.state, String(u.ride), nowSec));
      if (!r.ok) return r;
      publish('ride.picked_up', { rideId: u.ride });
      return ok(null);
    }
    case 'dropped_off': {
      const ride = rideOf(s, u.ride);
      if (!ride.ok) return ride;
      const r = await save(s, poolingDispatcher.droppedOff(loaded.state, String(u.ride), nowSec));
      if (!r.ok) return r;
      await closeRides(trx, [u.ride], 'done', nowMs);
      publish('ride.dropped_off', { rideId: u.ride });
      return ok(null);
    }
    case 'no_show': {
      const ride = rideOf(s, u.ride);
      if (!ride.ok) return ride;
      const op = poolingDispatcher.noShow(loaded.state, String(u.ride), nowSec);
      if (op.error === 'too-early') {
        const engineCart = loaded.state.carts.find((c) => c.id === String(cart.id))!;
        const from = Math.max(engineCart.since ?? engineCart.freeAt, Number(ride.value.requested_at) / 1000);
        return refuse('ride_no_show_too_early', 'ride', { seconds: Math.max(1, Math.ceil(from + loaded.state.noShowTimeout - nowSec)) });
      }
      const r = await save(s, op);
      if (!r.ok) return r;
      await closeRides(trx, [u.ride], 'no_show', nowMs);
      publish('ride.no_show', { rideId: u.ride });
      return ok(null);
    }
    case 'out_of_service': {
      const r = await retireCart(deps, trx, loaded, cart, nowMs, actor, after);
      return r.ok ? ok(null) : r;
    }
    case 'in_service': {
      const stop = loaded.stops.find((st) => st.code === u.stop);
      if (!stop) return refuse('ride_stop_unknown', 'stop', { stop: u.stop });
      if (cart.in_service === 1) return arrive(s, stop.id);
      await reviveCart(deps, trx, loaded, cart, stop.id, nowMs, actor, after);
      return ok(null);
    }
  }
}
