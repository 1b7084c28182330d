import type { Deps } from '../../platform/deps.js';
import type { Result } from '../../platform/result.js';

/**
 * Takes a cart out of service (a breakdown, or the end of a shift): its waiting passengers are reassigned or told
 * the cart is not coming; passengers aboard are marked for rescue. Called by the driver's out-of-service update and
 * by an organiser's PATCH. Implemented by the rides service (stub until then).
 */
export function takeCartOutOfService(
  _deps: Deps,
  _eventId: number,
  _cartCode: string,
  _now: number,
): Promise<Result<{ reassigned: number; stranded: number; rescue: number }>> {
  throw new Error('not implemented yet');
}

/** Puts a cart back into service at a stop (after a repair, or at the start of a shift). */
export function returnCartToService(_deps: Deps, _eventId: number, _cartCode: string, _stopCode: string, _now: number): Promise<Result<null>> {
  throw new Error('not implemented yet');
}
