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

export interface Timeline {
  /** pickup and dropoff times per request in the plan */
  pickup: Map<string, number>;
  dropoff: Map<string, number>;
  /** driving time from the cart's position through every stop */
  cost: number;
  end: number;
  endNode: number;
}

/**
 * When the cart can set off from `node`. One driving to its next stop left when it was free there; an idle one, or
 * one standing at the stop it serves next (a caller not yet aboard, maybe absent), leaves now at the earliest.
 */
export function leaveAt(state: DispatchState, cart: Cart, now: number): number {
  const first = cart.plan[0];
  if (!first) return Math.max(cart.freeAt, now);
  const r = indexOf(state.requests).byId.get(first.request);
  const standing = r !== undefined && (first.kind === 'pickup' ? r.origin : r.destination) === cart.node;
  return standing ? Math.max(cart.freeAt, now) : cart.freeAt;
}

interface RequestIndex {
  byId: Map<string, OpenRequest>;
  /** per cart: the parties aboard and their total */
  aboard: Map<string, { load: number; ids: string[] }>;
}
const indexes = new WeakMap<readonly OpenRequest[], RequestIndex>();

/** States are immutable, so the lookups over a requests array are built once per array, not once per candidate plan. */
function indexOf(requests: readonly OpenRequest[]): RequestIndex {
  let ix = indexes.get(requests);
  if (!ix) {
    const byId = new Map<string, OpenRequest>();
    const aboard = new Map<string, { load: number; ids: string[] }>();
    for (const r of requests) {
      byId.set(r.id, r);
      if (r.status === 'onboard' && r.cart) {
        const a = aboard.get(r.cart) ?? { load: 0, ids: [] };
        a.load += r.party;
        a.ids.push(r.id);
        aboard.set(r.cart, a);
      }
    }
    ix = { byId, aboard };
    indexes.set(requests, ix);
  }
  return ix;
}

/**
 * Times a plan from the cart's position (no waiting but for the dwell at each stop); null if a stop's request is
 * unknown. A cart that has a plan is taken to leave `node` at `freeAt` (position reports keep node and freeAt
 * current). A pickup's time is the cart's arrival (or the call, if later); the rider leaves dwell seconds after.
 */
export function timeline(state: DispatchState, cart: Cart, plan: readonly PlanStop[], now: number): Timeline | null {
  const { byId } = indexOf(state.requests);
  const dwell = state.dwell ?? 0;
  let t = leaveAt(state, cart, now);
  let at = cart.node;
  let cost = 0;
  const pickup = new Map<string, number>();
  const dropoff = new Map<string, number>();
  for (const stop of plan) {
    const r = byId.get(stop.request);
    if (!r) return null;
    const node = stop.kind === 'pickup' ? r.origin : r.destination;
    const d = state.travel(at, node);
    cost += d;
    t += d;
    if (stop.kind === 'pickup') {
      t = Math.max(t, r.requestedAt);
      pickup.set(r.id, t);
    } else dropoff.set(r.id, t);
    t += dwell;
    at = node;
  }
  return { pickup, dropoff, cost, end: t, endNode: at };
}

/**
 * Whether a plan is feasible for the cart: seats never exceeded, each pickup before its dropoff, onboard passengers
 * only dropped, pickups within the maximum wait and rides within the factor. A deadline already missed in `before`
 * (the current plan, late because of traffic) is tolerated as long as the new plan is no later for that request.
 */
export function feasible(
  state: DispatchState,
  cart: Cart,
  plan: readonly PlanStop[],
  now: number,
  before: Timeline | null = null,
  relaxWait: string | null = null,
): Timeline | null {
  const tl = timeline(state, cart, plan, now);
  if (!tl) return null;
  const { byId, aboard: onboard } = indexOf(state.requests);
  const dwell = state.dwell ?? 0;
  const reserve = state.noShowReserve ?? 0;
  const mine = onboard.get(cart.id);
  let load = mine?.load ?? 0;
  if (load > cart.seats) return null;
  const aboard = new Set<string>(mine?.ids);
  // the plan index of each rider's pickup (-1: already aboard) and of the latest pickup so far
  const pickedAt = new Map<string, number>();
  let lastPickup = -1;
  for (const [k, stop] of plan.entries()) {
    const r = byId.get(stop.request)!;
    if (stop.kind === 'pickup') {
      if (r.status === 'onboard' || aboard.has(r.id)) return null;
      if (r.wheelchair && !cart.accessible) return null;
      load += r.party;
      if (load > cart.seats) return null;
      aboard.add(r.id);
      const t = tl.pickup.get(r.id)! + (lastPickup >= 0 ? reserve : 0);
      pickedAt.set(r.id, k);
      lastPickup = k;
      if (r.id !== relaxWait && t > r.requestedAt + r.maxWait + EPS) {
        const old = before?.pickup.get(r.id);
        if (old === undefined || tl.pickup.get(r.id)! > old + EPS) return null;
      }
    } else {
      if (!aboard.has(r.id)) return null;
      aboard.delete(r.id);
      load -= r.party;
      const from = pickedAt.get(r.id) ?? -1;
      const start = from < 0 ? r.pickedUpAt! : tl.pickup.get(r.id)! + dwell;
      const ride = tl.dropoff.get(r.id)! - start + (lastPickup > from ? reserve : 0);
      if (ride > r.maxRideFactor * state.travel(r.origin, r.destination) + EPS) {
        const old = before?.dropoff.get(r.id);
        if (old === undefined || tl.dropoff.get(r.id)! > old + EPS) return null;
      }
    }
  }
  // everyone picked up or aboard must be dropped off by this plan
  return aboard.size === 0 ? tl : null;
}

export interface Placement {
  cart: string;
  plan: PlanStop[];
  pickupEta: number;
  /** driving time the insertion adds */
  added: number;
  /** what the choice minimises: added driving + waitWeight × (the caller's wait + the delay to other pickups) */
  score: number;
}

/**
 * How much a second of waiting weighs against a second of driving. Pure added driving pools well but lets a caller
 * wait the full maximum when a slightly longer drive would fetch them sooner. A third of a driving second per
 * waiting second when the fleet is busy, up to 2.3 when every cart stands idle (idle carts' driving costs little):
 * measured on the demo's profiles (docs/carts-dispatcher.md), this halves the quiet day's waits for ~7 % more km
 * and leaves the surge's service unchanged.
 */
export const WAIT_WEIGHT = 0.3;
const IDLE_WAIT_WEIGHT = 2;

/** The weight of waiting now: more when many carts stand idle. */
export function waitWeight(state: DispatchState): number {
  let idle = 0;
  let serving = 0;
  for (const c of state.carts) {
    if (!c.inService) continue;
    serving++;
    if (!c.plan.length) idle++;
  }
  return WAIT_WEIGHT + IDLE_WAIT_WEIGHT * (serving ? idle / serving : 0);
}

/**
 * Cheapest feasible insertion of request `id` (already in state.requests, not in any plan) into the plans of the
 * carts in service: every pickup/dropoff position pair, cost = added driving time; ties by pickup time, then cart
 * order. With relaxWait the request's own maximum wait is ignored (to estimate the wait of a refusal).
 */
export function cheapestPlacement(state: DispatchState, id: string, now: number, relaxWait = false): Placement | null {
  const { byId } = indexOf(state.requests);
  const r = byId.get(id)!;
  const dwell = state.dwell ?? 0;
  const deadline = relaxWait ? Infinity : r.requestedAt + r.maxWait + EPS;
  const tr = state.travel;
  const weight = waitWeight(state);
  let best: Placement | null = null;
  for (const cart of state.carts) {
    if (!cart.inService || r.party > cart.seats || (r.wheelchair && !cart.accessible)) continue;
    const start = leaveAt(state, cart, now);
    // no insertion reaches the caller sooner than driving there first
    if (start + tr(cart.node, r.origin) > deadline) continue;
    const before = timeline(state, cart, cart.plan, now);
    if (!before) continue;
    const m = cart.plan.length;
    // the node of each stop and when the cart leaves it (index 0: where it is now)
    const nodes = [cart.node];
    const leaves = [start];
    for (const stop of cart.plan) {
      const q = byId.get(stop.request)!;
      nodes.push(stop.kind === 'pickup' ? q.origin : q.destination);
      leaves.push((stop.kind === 'pickup' ? before.pickup.get(q.id)! : before.dropoff.get(q.id)!) + dwell);
    }
    for (let i = 0; i <= m; i++) {
      const from = nodes[i]!;
      // leaving times only grow along the plan, so once the caller is reached too late every later place is too
      if (leaves[i]! + tr(from, r.origin) > deadline) break;
      // the pickup's detour alone is a lower bound of what this place adds
      const to = i < m ? nodes[i + 1]! : null;
      const detour = tr(from, r.origin) + (to === null ? 0 : tr(r.origin, to) - tr(from, to));
      if (best && detour > best.score + EPS) continue;
      for (let j = i; j <= m; j++) {
        const plan = cart.plan.slice();
        plan.splice(i, 0, { request: id, kind: 'pickup' });
        plan.splice(j + 1, 0, { request: id, kind: 'dropoff' });
        const tl = feasible(state, cart, plan, now, before, relaxWait ? id : null);
        if (!tl) continue;
        const eta = tl.pickup.get(id)!;
        const added = tl.cost - before.cost;
        let delay = eta - now;
        for (const [other, was] of before.pickup) delay += tl.pickup.get(other)! - was;
        const score = added + weight * delay;
        if (!best || score < best.score - EPS || (Math.abs(score - best.score) <= EPS && eta < best.pickupEta - EPS)) {
          best = { cart: cart.id, plan, pickupEta: eta, added, score };
        }
      }
    }
  }
  return best;
}

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
    if (first && first.request === id && first.kind === 'pickup' && cart.node === r.origin) continue;
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
