import type { Cart, DispatchState, OpenRequest, PlanStop } from './online.js';

/**
 * The timing and feasibility of a cart's plan and the cheapest feasible insertion of a call: the search every
 * dispatcher decision runs, split from online.ts (which re-exports it) to keep each file to one concern.
 */
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

/**
 * A cart that has left its node towards its first stop goes there first: the model knows no point between two
 * nodes, so putting a new stop before that one would time a U-turn as if the cart had never left (the HTTP replay
 * caught a pick-up planned at the stop a cart had just driven away from).
 */
export function committedToFirst(state: DispatchState, cart: Cart, now: number): boolean {
  return cart.plan.length > 0 && now > cart.freeAt + EPS && leaveAt(state, cart, now) === cart.freeAt;
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
      const deadline = r.requestedAt + r.maxWait + EPS;
      if (r.id !== relaxWait && t > deadline) {
        // tolerated only if the current plan already broke this deadline (reserve included) and this one is no later
        const old = before?.pickup.get(r.id);
        if (old === undefined || tl.pickup.get(r.id)! > old + EPS) return null;
        if (old + (pickupBefore(before!, r.id, -Infinity, old) ? reserve : 0) <= deadline) return null;
      }
    } else {
      if (!aboard.has(r.id)) return null;
      aboard.delete(r.id);
      load -= r.party;
      const from = pickedAt.get(r.id) ?? -1;
      const start = from < 0 ? r.pickedUpAt! : tl.pickup.get(r.id)! + dwell;
      const ride = tl.dropoff.get(r.id)! - start + (lastPickup > from ? reserve : 0);
      const limit = r.maxRideFactor * state.travel(r.origin, r.destination) + EPS;
      if (ride > limit) {
        const old = before?.dropoff.get(r.id);
        if (old === undefined || tl.dropoff.get(r.id)! > old + EPS) return null;
        const oldUp = from < 0 ? r.pickedUpAt! : before!.pickup.get(r.id);
        if (oldUp === undefined) return null;
        const oldStart = from < 0 ? oldUp : oldUp + dwell;
        if (old - oldStart + (pickupBefore(before!, r.id, oldUp, old) ? reserve : 0) <= limit) return null;
      }
    }
  }
  // everyone picked up or aboard must be dropped off by this plan
  return aboard.size === 0 ? tl : null;
}

/** Whether a plan's timeline has another party's pickup at or after `from` and before `to` (times). */
function pickupBefore(tl: Timeline, id: string, from: number, to: number): boolean {
  for (const [other, t] of tl.pickup) if (other !== id && t >= from - EPS && t < to - EPS) return true;
  return false;
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
    for (let i = committedToFirst(state, cart, now) ? 1 : 0; i <= m; i++) {
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
