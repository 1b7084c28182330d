import { withoutRequest } from '../../engines/dispatch/index.js';
import { emit, type Actor, type Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { RideView } from './carts.schema.js';
import { closeRides, loadDispatch, saveDispatch, withCartLock } from './dispatch-state.js';
import { rideView } from './ride-view.js';

/**
 * The guest cancels before the pickup: the cart's plan loses both stops and the other riders' ETAs are refreshed.
 * Once aboard, or once the ride is over, there is nothing to cancel.
 */
export async function cancelRide(deps: Deps, actor: Actor, token: string, nowMs: number): Promise<Result<RideView>> {
  const found = await deps.db.selectFrom('cart_rides').select(['id', 'event_id']).where('token', '=', token).executeTakeFirst();
  if (!found) return refuse('not_found', 'token');
  return withCartLock(deps, found.event_id, async (trx, after) => {
    const loaded = await loadDispatch(trx, found.event_id, nowMs);
    const ride = loaded.rides.get(found.id);
    if (!ride || ride.status !== 'assigned') {
      const row = await trx.selectFrom('cart_rides').select('status').where('id', '=', found.id).executeTakeFirstOrThrow();
      return refuse('ride_not_cancellable', 'token', { status: row.status });
    }
    const next = withoutRequest(loaded.state, String(ride.id));
    await saveDispatch(trx, loaded, next, nowMs / 1000);
    await closeRides(trx, [ride.id], 'cancelled', nowMs);
    after.push(() => emit(deps, actor, found.event_id, { type: 'ride.cancelled', payload: { rideId: ride.id } }));
    const saved = await trx.selectFrom('cart_rides').selectAll().where('id', '=', ride.id).executeTakeFirstOrThrow();
    return ok(rideView({ ...loaded, state: next }, saved, nowMs));
  });
}
