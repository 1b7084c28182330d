import { poolingDispatcher } from '../../engines/dispatch/index.js';
import type { Tx } from '../../platform/db/database.js';
import { emit, SYSTEM, type Actor, type Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { closeRides, loadDispatch, saveDispatch, withCartLock, type CartRow, type Loaded } from './dispatch-state.js';

export interface Breakdown {
  reassigned: number;
  stranded: number;
  rescue: number;
}

/**
 * Inside an open cart transaction: the engine's breakdown hands every waiting passenger of the cart to another
 * cart when one makes their maximum wait (else the ride is closed as stranded: the guest's page says so); the
 * passengers aboard are marked for rescue. The cart keeps its position and takes no rides until it is back.
 */
export async function retireCart(
  deps: Deps,
  trx: Tx,
  loaded: Loaded,
  cart: CartRow,
  nowMs: number,
  actor: Actor,
  after: Array<() => Promise<unknown>>,
): Promise<Result<Breakdown>> {
  if (cart.in_service !== 1) return ok({ reassigned: 0, stranded: 0, rescue: 0 });
  const nowSec = nowMs / 1000;
  const result = poolingDispatcher.breakdown(loaded.state, String(cart.id), nowSec);
  if (result.error) return refuse('not_found', 'cart');
  await saveDispatch(trx, loaded, result.state, nowSec);
  await closeRides(trx, result.stranded.map(Number), 'stranded', nowMs);
  await closeRides(trx, result.rescue.map(Number), 'rescue', nowMs);
  await trx
    .updateTable('carts')
    .set({ in_service: 0, plan: '[]', updated_at: new Date(nowMs).toISOString() })
    .where('id', '=', cart.id)
    .execute();
  const eventId = loaded.eventId;
  const codeOf = (id: string) => loaded.carts.find((c) => String(c.id) === id)?.code ?? id;
  after.push(async () => {
    await emit(deps, actor, eventId, {
      type: 'cart.out_of_service',
      payload: { cart: cart.code, reassigned: result.reassigned.length, stranded: result.stranded.length, rescue: result.rescue.length },
    });
    for (const r of result.reassigned)
      await emit(deps, actor, eventId, { type: 'ride.reassigned', payload: { rideId: Number(r.request), cart: codeOf(r.cart) } });
    for (const id of result.stranded) await emit(deps, actor, eventId, { type: 'ride.stranded', payload: { rideId: Number(id) } });
    for (const id of result.rescue)
      await emit(deps, actor, eventId, { type: 'ride.rescue_needed', payload: { rideId: Number(id), cart: cart.code } });
  });
  return ok({ reassigned: result.reassigned.length, stranded: result.stranded.length, rescue: result.rescue.length });
}

/** Inside an open cart transaction: the cart is back at `stopId`, free from now. */
export async function reviveCart(
  deps: Deps,
  trx: Tx,
  loaded: Loaded,
  cart: CartRow,
  stopId: number,
  nowMs: number,
  actor: Actor,
  after: Array<() => Promise<unknown>>,
): Promise<void> {
  if (cart.in_service === 1) return;
  await trx
    .updateTable('carts')
    .set({ in_service: 1, node_stop_id: stopId, free_at: nowMs, arrived_at: nowMs, plan: '[]', updated_at: new Date(nowMs).toISOString() })
    .where('id', '=', cart.id)
    .execute();
  const stop = loaded.stops.find((s) => s.id === stopId)!;
  after.push(() => emit(deps, actor, loaded.eventId, { type: 'cart.in_service', payload: { cart: cart.code, stop: stop.code } }));
}

/**
 * Takes a cart out of service (a breakdown, or the end of a shift): its waiting passengers are reassigned or told
 * the cart is not coming; passengers aboard are marked for rescue. Called by the driver's out-of-service update and
 * by an organiser's PATCH. A cart already out of service is left as it is.
 */
export function takeCartOutOfService(deps: Deps, eventId: number, cartCode: string, now: number): Promise<Result<Breakdown>> {
  return withCartLock(deps, eventId, async (trx, after) => {
    const loaded = await loadDispatch(trx, eventId, now);
    const cart = loaded.carts.find((c) => c.code === cartCode.toUpperCase());
    if (!cart) return refuse('not_found', 'cart');
    return retireCart(deps, trx, loaded, cart, now, SYSTEM, after);
  });
}

/** Puts a cart back into service at a stop (after a repair, or at the start of a shift). */
export function returnCartToService(deps: Deps, eventId: number, cartCode: string, stopCode: string, now: number): Promise<Result<null>> {
  return withCartLock(deps, eventId, async (trx, after) => {
    const loaded = await loadDispatch(trx, eventId, now);
    const cart = loaded.carts.find((c) => c.code === cartCode.toUpperCase());
    if (!cart) return refuse('not_found', 'cart');
    const stop = loaded.stops.find((s) => s.code === stopCode.toUpperCase());
    if (!stop) return refuse('ride_stop_unknown', 'stop', { stop: stopCode });
    await reviveCart(deps, trx, loaded, cart, stop.id, now, SYSTEM, after);
    return ok(null);
  });
}
