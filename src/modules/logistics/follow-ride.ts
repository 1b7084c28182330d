import type { Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { RideView } from './carts.schema.js';
import { loadDispatch } from './dispatch-state.js';
import { rideView } from './ride-view.js';

/** The guest follows a ride by its token: status, cart, its live position and the ETA from the engine's timeline. */
export async function followRide(deps: Deps, token: string, nowMs: number): Promise<Result<RideView>> {
  const ride = await deps.db.selectFrom('cart_rides').selectAll().where('token', '=', token).executeTakeFirst();
  if (!ride) return refuse('not_found', 'token');
  // a read needs no lock: it sees the state of the last committed operation
  const loaded = await loadDispatch(deps.db, ride.event_id, nowMs);
  return ok(rideView(loaded, ride, nowMs));
}
