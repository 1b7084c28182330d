import { grantsPermission } from '../../platform/auth/permissions.js';
import type { Queryable } from '../../platform/db/database.js';
import type { Actor, Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { DriverView } from './carts.schema.js';
import { loadDispatch, type CartRow, type Loaded } from './dispatch-state.js';
import { cartAdmin, driverRide, planStops, riderNames } from './ride-view.js';

/** An organiser may drive (or look at) any cart of the event; a driver only the cart assigned to them. */
export function mayDrive(actor: Actor, eventId: number, cart: CartRow): boolean {
  return grantsPermission(actor.grants, 'carts.manage', eventId) || (actor.userId !== null && cart.driver_user_id === actor.userId);
}

/** The driver's screen: the next stops in order with who to pick up and drop off there, who is aboard, the last seq. */
export async function driverView(db: Queryable, loaded: Loaded, cart: CartRow, nowMs: number): Promise<DriverView> {
  const mine = [...loaded.rides.values()].filter((r) => r.cart_id === cart.id);
  const names = await riderNames(db, mine);
  return {
    cart: await cartAdmin(db, loaded, cart),
    stops: planStops(loaded, cart, names, nowMs),
    aboard: mine.filter((r) => r.status === 'onboard').map((r) => driverRide(loaded, r, names.get(r.id) ?? '?')),
    seq: Number(cart.driver_seq),
    rules: loaded.rules,
  };
}

/** The cart named, or without a name the caller's own cart. */
export async function readDriverView(
  deps: Deps,
  actor: Actor,
  eventId: number,
  cartCode: string | undefined,
  nowMs: number,
): Promise<Result<DriverView>> {
  const loaded = await loadDispatch(deps.db, eventId, nowMs);
  const cart =
    cartCode !== undefined
      ? loaded.carts.find((c) => c.code === cartCode)
      : loaded.carts.find((c) => actor.userId !== null && c.driver_user_id === actor.userId);
  if (!cart) return cartCode !== undefined ? refuse('not_found', 'cart') : refuse('ride_no_cart', 'cart');
  if (!mayDrive(actor, eventId, cart)) return refuse('ride_cart_not_yours', 'cart', { cart: cart.code });
  return ok(await driverView(deps.db, loaded, cart, nowMs));
}
