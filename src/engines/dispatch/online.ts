import { cheapestPlacement, committedToFirst, feasible, leaveAt, timeline, waitWeight, type Placement } from './plan-timing.js';
import type { TravelTime } from './types.js';

/**
 * The online side of the cart dispatcher as pure functions over a plain state: the simulator and the live service
 * call the same operations with the time as an input. Times are seconds; travel(from, to) may be asymmetric
 * (one-way links). Every operation returns a new state and never mutates its input.
 */
export interface PlanStop {
  request: string;
  kind: 'pickup' | 'dropoff';
}

export interface Cart {
  id: string;
  seats: number;
  accessible: boolean;
  inService: boolean;
  /** the node the cart is at, or the next node it reaches when driving */
  node: number;
  /** when the cart is (or will be) free at `node` */
  freeAt: number;
  /**
   * when the cart reached `node` (optional): the no-show timeout runs from here, so callers absent at the same stop
   * are waited for together, not one after the other; without it the timeout runs from freeAt
   */
  since?: number;
  /** stops still to visit, in order */
  plan: PlanStop[];
}

export interface CartRequest {
  id: string;
  origin: number;
  destination: number;
  party: number;
  wheelchair: boolean;
  requestedAt: number;
  /** pickup no later than requestedAt + maxWait */
  maxWait: number;
  /** ride time no longer than maxRideFactor × the direct travel time */
  maxRideFactor: number;
}

export interface OpenRequest extends CartRequest {
  status: 'queued' | 'assigned' | 'onboard';
  cart: string | null;
  pickedUpAt: number | null;
}

export interface DispatchState {
  travel: TravelTime;
  /** how long a cart waits at the pickup before the driver may report a no-show */
  noShowTimeout: number;
  carts: Cart[];
  requests: OpenRequest[];
  /**
   * Seconds a cart stands at each stop for boarding or alighting (default 0). Pick-ups and drop-offs are reported
   * when the cart arrives; the cart is free (and an onboard rider's ride starts) dwell seconds later.
   */
  dwell?: number;
  /**
   * Seconds kept spare (default 0) in the wait of every pick-up and the ride of every passenger that comes after
   * another party's pick-up in the same plan: a caller who does not show up holds the cart for the no-show timeout,
   * and the riders behind them must still make their promises.
   */
  noShowReserve?: number;
}

export type RequestOutcome =
  | { kind: 'assigned'; cart: string; pickupEta: number }
  | { kind: 'queued'; estimatedWait: number }
  /** estimatedWait is null when no cart could ever take it (party too large, no accessible cart in service) */
  | { kind: 'refused'; code: 'wait-too-long' | 'no-suitable-cart' | 'duplicate' | 'same-stop'; estimatedWait: number | null };

export interface OpResult {
  state: DispatchState;
  /** a coded refusal; the state is then unchanged */
  error?: 'unknown-request' | 'unknown-cart' | 'not-assigned' | 'not-aboard' | 'too-early' | 'not-at-pickup';
}

export interface BreakdownResult extends OpResult {
  reassigned: Array<{ request: string; cart: string; pickupEta: number }>;
  /** waiting passengers no cart can take within their maximum wait; removed (baseline: queued) */
  stranded: string[];
  /** passengers aboard the broken cart: the operator must send a rescue; removed from the state */
  rescue: string[];
}

/** One shared interface so the contract test, the simulator and the service run any dispatcher the same way. */
export interface Dispatcher {
  name: string;
  request(state: DispatchState, req: CartRequest, now: number): { state: DispatchState; outcome: RequestOutcome };
  reoptimise(state: DispatchState, now: number): { state: DispatchState; moved: number };
  /**
   * A position report: the cart reached `node` at `now`; or, with `at` (≥ now), it has set off on the last link to
   * `node` and reaches it at `at` (a cart's node is the one it is at or drives to).
   */
  arrived(state: DispatchState, cartId: string, node: number, now: number, at?: number): OpResult;
  pickedUp(state: DispatchState, requestId: string, now: number): OpResult;
  droppedOff(state: DispatchState, requestId: string, now: number): OpResult;
  noShow(state: DispatchState, requestId: string, now: number): OpResult;
  breakdown(state: DispatchState, cartId: string, now: number): BreakdownResult;
}

const EPS = 1e-6;

export {
  cheapestPlacement,
  feasible,
  leaveAt,
  timeline,
  waitWeight,
  WAIT_WEIGHT,
  type Placement,
  type Timeline,
} from './plan-timing.js';

// ---- small immutable helpers shared with the baseline ----

export const withCart = (state: DispatchState, cart: Cart): DispatchState => ({
  ...state,
  carts: state.carts.map((c) => (c.id === cart.id ? cart : c)),
});
export const withRequest = (state: DispatchState, req: OpenRequest): DispatchState => ({
  ...state,
  requests: state.requests.map((r) => (r.id === req.id ? req : r)),
});
export const withoutRequest = (state: DispatchState, id: string): DispatchState => ({
  ...state,
  requests: state.requests.filter((r) => r.id !== id),
  carts: state.carts.map((c) => (c.plan.some((s) => s.request === id) ? { ...c, plan: c.plan.filter((s) => s.request !== id) } : c)),
});

/** Checks the common to every dispatcher before a request is considered. */
export function precheck(state: DispatchState, req: CartRequest): RequestOutcome | null {
  if (state.requests.some((r) => r.id === req.id)) return { kind: 'refused', code: 'duplicate', estimatedWait: null };
  if (req.origin === req.destination) return { kind: 'refused', code: 'same-stop', estimatedWait: null };
  if (!state.carts.some((c) => c.inService && c.seats >= req.party && (!req.wheelchair || c.accessible))) {
    return { kind: 'refused', code: 'no-suitable-cart', estimatedWait: null };
  }
  return null;
}

export function pickedUpOp(state: DispatchState, requestId: string, now: number): OpResult {
  const r = state.requests.find((q) => q.id === requestId);
  if (!r) return { state, error: 'unknown-request' };
  if (r.status !== 'assigned' || !r.cart) return { state, error: 'not-assigned' };
  const cart = state.carts.find((c) => c.id === r.cart)!;
  // boarding takes the dwell: the ride (and the cart) starts when it is over
  const off = now + (state.dwell ?? 0);
  const since = cart.node === r.origin ? (cart.since ?? now) : now;
  let next = withRequest(state, { ...r, status: 'onboard', pickedUpAt: off });
  next = withCart(next, { ...cart, node: r.origin, since, freeAt: off, plan: cart.plan.filter((s) => !(s.request === r.id && s.kind === 'pickup')) });
  return { state: next };
}

export function droppedOffOp(state: DispatchState, requestId: string, now: number): OpResult {
  const r = state.requests.find((q) => q.id === requestId);
  if (!r) return { state, error: 'unknown-request' };
  if (r.status !== 'onboard' || !r.cart) return { state, error: 'not-aboard' };
  const cart = state.carts.find((c) => c.id === r.cart)!;
  const next = withoutRequest(state, r.id);
  const freeAt = now + (state.dwell ?? 0);
  const since = cart.node === r.destination ? (cart.since ?? now) : now;
  return { state: withCart(next, { ...cart, node: r.destination, since, freeAt, plan: cart.plan.filter((s) => s.request !== r.id) }) };
}

export function arrivedOp(state: DispatchState, cartId: string, node: number, now: number, at = now): OpResult {
  const cart = state.carts.find((c) => c.id === cartId);
  if (!cart) return { state, error: 'unknown-cart' };
  return { state: withCart(state, { ...cart, node, since: Math.max(at, now), freeAt: Math.max(at, now) }) };
}

/** A no-show is accepted once the assigned cart has stood at the pickup for the no-show timeout. */
export function noShowOp(state: DispatchState, requestId: string, now: number): OpResult {
  const r = state.requests.find((q) => q.id === requestId);
  if (!r) return { state, error: 'unknown-request' };
  if (r.status !== 'assigned' || !r.cart) return { state, error: 'not-assigned' };
  const cart = state.carts.find((c) => c.id === r.cart)!;
  if (cart.node !== r.origin) return { state, error: 'not-at-pickup' };
  if (now < Math.max(cart.since ?? cart.freeAt, r.requestedAt) + state.noShowTimeout) return { state, error: 'too-early' };
  const next = withoutRequest(state, r.id);
  return { state: withCart(next, { ...next.carts.find((c) => c.id === cart.id)!, freeAt: now }) };
}

/** Takes a cart out of service: its onboard passengers need a rescue, its waiting ones are handed back. */
export function retireCart(state: DispatchState, cartId: string): { state: DispatchState; waiting: OpenRequest[]; rescue: string[] } | null {
  const cart = state.carts.find((c) => c.id === cartId);
  if (!cart) return null;
  const mine = state.requests.filter((r) => r.cart === cartId);
  const rescue = mine.filter((r) => r.status === 'onboard').map((r) => r.id);
  const waiting = mine.filter((r) => r.status === 'assigned').sort((a, b) => a.requestedAt - b.requestedAt || a.id.localeCompare(b.id));
  const gone = new Set(rescue);
  const next: DispatchState = {
    ...state,
    carts: state.carts.map((c) => (c.id === cartId ? { ...c, inService: false, plan: [] } : c)),
    requests: state.requests
      .filter((r) => !gone.has(r.id))
      .map((r) => (r.cart === cartId ? { ...r, status: 'queued' as const, cart: null } : r)),
  };
  return { state: next, waiting, rescue };
}

/** Gives a cart a new plan; an idle or standing cart sets off now, not at the time it became free. */
export function setPlan(state: DispatchState, cart: Cart, plan: PlanStop[], now: number): DispatchState {
  const freeAt = leaveAt(state, cart, now);
  return withCart(state, { ...cart, freeAt, plan });
}

function place(state: DispatchState, id: string, p: Placement, now: number): DispatchState {
  const r = state.requests.find((q) => q.id === id)!;
  const cart = state.carts.find((c) => c.id === p.cart)!;
  return setPlan(withRequest(state, { ...r, status: 'assigned', cart: p.cart }), cart, p.plan, now);
}

/** Assign by cheapest feasible insertion; refuse at once, with the estimated wait, when no cart makes the maximum wait. */
function request(state: DispatchState, req: CartRequest, now: number): { state: DispatchState; outcome: RequestOutcome } {
  const bad = precheck(state, req);
  if (bad) return { state, outcome: bad };
  const open: OpenRequest = { ...req, status: 'queued', cart: null, pickedUpAt: null };
  const trial: DispatchState = { ...state, requests: [...state.requests, open] };
  const p = cheapestPlacement(trial, req.id, now);
  if (p) return { state: place(trial, req.id, p, now), outcome: { kind: 'assigned', cart: p.cart, pickupEta: p.pickupEta } };
  const relaxed = cheapestPlacement(trial, req.id, now, true);
  return {
    state,
    outcome: { kind: 'refused', code: 'wait-too-long', estimatedWait: relaxed ? Math.max(0, relaxed.pickupEta - now) : null },
  };
}

/**
 * Re-inserts each assigned, not yet picked-up request (oldest first) at its cheapest place over all carts; a move
 * is kept only when every touched plan stays feasible and the total driving time drops. Onboard passengers never
 * move, nor does a caller whose cart already stands at (or drives the last link to) their stop.
 */
function reoptimise(state: DispatchState, now: number): { state: DispatchState; moved: number } {
  let cur = state;
  let moved = 0;
  const ids = state.requests
    .filter((r) => r.status === 'assigned')
    .sort((a, b) => a.requestedAt - b.requestedAt || a.id.localeCompare(b.id))
    .map((r) => r.id);
  for (const id of ids) {
    const r = cur.requests.find((q) => q.id === id)!;
    const cart = cur.carts.find((c) => c.id === r.cart)!;
    const first = cart.plan[0];
    // never take a caller from a cart standing at their stop, or already driving to it
    if (first && first.request === id && first.kind === 'pickup' && (cart.node === r.origin || committedToFirst(cur, cart, now))) continue;
    const before = timeline(cur, cart, cart.plan, now);
    const rest = cart.plan.filter((s) => s.request !== id);
    if (!before) continue;
    const shorter = feasible(cur, cart, rest, now, before);
    if (!shorter) continue;
    // what taking the caller out saves, on the same scale as a placement's score
    const weight = waitWeight(cur);
    let saving = before.cost - shorter.cost + weight * (before.pickup.get(id)! - now);
    for (const [other, was] of shorter.pickup) saving += weight * (before.pickup.get(other)! - was);
    const removed = withCart(withRequest(cur, { ...r, status: 'queued', cart: null }), { ...cart, plan: rest });
    const p = cheapestPlacement(removed, id, now);
    // the placement costs p.score where the removal saved `saving`: the move pays only if it costs less
    if (!p || p.score >= saving - EPS) continue;
    moved++;
    cur = place(removed, id, p, now);
  }
  return { state: cur, moved };
}

function breakdown(state: DispatchState, cartId: string, now: number): BreakdownResult {
  const retired = retireCart(state, cartId);
  if (!retired) return { state, error: 'unknown-cart', reassigned: [], stranded: [], rescue: [] };
  let cur = retired.state;
  const reassigned: BreakdownResult['reassigned'] = [];
  const stranded: string[] = [];
  for (const r of retired.waiting) {
    const p = cheapestPlacement(cur, r.id, now);
    if (p) {
      cur = place(cur, r.id, p, now);
      reassigned.push({ request: r.id, cart: p.cart, pickupEta: p.pickupEta });
    } else {
      cur = withoutRequest(cur, r.id);
      stranded.push(r.id);
    }
  }
  return { state: cur, reassigned, stranded, rescue: retired.rescue };
}

/** The pooling dispatcher: cheapest feasible insertion with re-optimisation. */
export const poolingDispatcher: Dispatcher = {
  name: 'dispatcher',
  request,
  reoptimise,
  arrived: arrivedOp,
  pickedUp: pickedUpOp,
  droppedOff: droppedOffOp,
  noShow: noShowOp,
  breakdown,
};

/** A fresh state: every cart idle at its node from `now`. */
export function initialState(
  travel: TravelTime,
  carts: ReadonlyArray<Pick<Cart, 'id' | 'seats' | 'accessible' | 'node'>>,
  now: number,
  noShowTimeout = 120,
  options: Pick<DispatchState, 'dwell' | 'noShowReserve'> = {},
): DispatchState {
  return {
    travel,
    noShowTimeout,
    carts: carts.map((c) => ({ ...c, inService: true, freeAt: now, plan: [] })),
    requests: [],
    ...options,
  };
}
