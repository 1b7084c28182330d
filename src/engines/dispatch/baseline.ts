import {
  arrivedOp,
  droppedOffOp,
  noShowOp,
  pickedUpOp,
  precheck,
  retireCart,
  setPlan,
  timeline,
  withRequest,
  type BreakdownResult,
  type Cart,
  type CartRequest,
  type DispatchState,
  type Dispatcher,
  type OpenRequest,
  type OpResult,
  type RequestOutcome,
} from './online.js';

/**
 * The baseline the dispatcher is judged against: nearest idle cart, first come first served, no pooling (one
 * request per cart at a time). Requests wait in a queue when no suitable cart is idle; a request whose estimated
 * wait exceeds its maximum is refused at once, like the dispatcher does.
 */
const suits = (c: Cart, r: CartRequest) => c.inService && c.seats >= r.party && (!r.wheelchair || c.accessible);
const idle = (c: Cart) => c.plan.length === 0;
const eta = (state: DispatchState, c: Cart, r: CartRequest, now: number) =>
  Math.max(Math.max(c.freeAt, now) + state.travel(c.node, r.origin), r.requestedAt);

const queued = (state: DispatchState) =>
  state.requests.filter((r) => r.status === 'queued').sort((a, b) => a.requestedAt - b.requestedAt || a.id.localeCompare(b.id));

function nearestIdle(state: DispatchState, r: CartRequest, now: number): { cart: Cart; eta: number } | null {
  let best: { cart: Cart; eta: number } | null = null;
  for (const c of state.carts) {
    if (!suits(c, r) || !idle(c)) continue;
    const t = eta(state, c, r, now);
    if (!best || t < best.eta) best = { cart: c, eta: t };
  }
  return best;
}

/** Hands queued requests, oldest first, to the nearest idle suitable cart. */
function dispatchQueue(state: DispatchState, now: number): DispatchState {
  let cur = state;
  for (const r of queued(state)) {
    const n = nearestIdle(cur, r, now);
    if (!n) continue;
    cur = withRequest(cur, { ...r, status: 'assigned', cart: n.cart.id });
    cur = setPlan(cur, n.cart, [{ request: r.id, kind: 'pickup' }, { request: r.id, kind: 'dropoff' }], now);
  }
  return cur;
}

/** When `r` would be picked up if every cart finished its trip and then served the queue ahead of it in order. */
function estimatePickup(state: DispatchState, r: CartRequest, now: number): number | null {
  const free = state.carts
    .filter((c) => c.inService)
    .map((c) => {
      const tl = timeline(state, c, c.plan, now);
      return { cart: c, at: tl ? tl.end : Math.max(c.freeAt, now), node: tl ? tl.endNode : c.node };
    });
  const next = (q: CartRequest) => {
    let best: { k: number; t: number } | null = null;
    for (const [k, f] of free.entries()) {
      if (!suits(f.cart, q)) continue;
      const t = Math.max(f.at + state.travel(f.node, q.origin), q.requestedAt);
      if (!best || t < best.t) best = { k, t };
    }
    return best;
  };
  for (const q of queued(state)) {
    const b = next(q);
    if (!b) continue;
    const f = free[b.k]!;
    f.at = b.t + state.travel(q.origin, q.destination);
    f.node = q.destination;
  }
  return next(r)?.t ?? null;
}

function request(state: DispatchState, req: CartRequest, now: number): { state: DispatchState; outcome: RequestOutcome } {
  const bad = precheck(state, req);
  if (bad) return { state, outcome: bad };
  const open: OpenRequest = { ...req, status: 'queued', cart: null, pickedUpAt: null };
  const n = nearestIdle(state, req, now);
  const est = n ? n.eta : estimatePickup(state, req, now);
  if (est === null) return { state, outcome: { kind: 'refused', code: 'no-suitable-cart', estimatedWait: null } };
  if (est > req.requestedAt + req.maxWait + 1e-6) {
    return { state, outcome: { kind: 'refused', code: 'wait-too-long', estimatedWait: Math.max(0, est - now) } };
  }
  const added = dispatchQueue({ ...state, requests: [...state.requests, open] }, now);
  const mine = added.requests.find((r) => r.id === req.id)!;
  if (mine.status === 'assigned') return { state: added, outcome: { kind: 'assigned', cart: mine.cart!, pickupEta: est } };
  return { state: added, outcome: { kind: 'queued', estimatedWait: Math.max(0, est - now) } };
}

const thenDispatch = (res: OpResult, now: number): OpResult => (res.error ? res : { state: dispatchQueue(res.state, now) });

function breakdown(state: DispatchState, cartId: string, now: number): BreakdownResult {
  const retired = retireCart(state, cartId);
  if (!retired) return { state, error: 'unknown-cart', reassigned: [], stranded: [], rescue: [] };
  const next = dispatchQueue(retired.state, now);
  const reassigned: BreakdownResult['reassigned'] = [];
  const stranded: string[] = [];
  for (const w of retired.waiting) {
    const r = next.requests.find((q) => q.id === w.id)!;
    if (r.status === 'assigned') {
      const cart = next.carts.find((c) => c.id === r.cart)!;
      reassigned.push({ request: r.id, cart: cart.id, pickupEta: eta(next, cart, r, now) });
    } else stranded.push(r.id);
  }
  return { state: next, reassigned, stranded, rescue: retired.rescue };
}

export const baselineDispatcher: Dispatcher = {
  name: 'baseline',
  request,
  reoptimise: (state, now) => ({ state: dispatchQueue(state, now), moved: 0 }),
  arrived: (state, cartId, node, now, at) => thenDispatch(arrivedOp(state, cartId, node, now, at), now),
  pickedUp: pickedUpOp,
  droppedOff: (state, id, now) => thenDispatch(droppedOffOp(state, id, now), now),
  noShow: (state, id, now) => thenDispatch(noShowOp(state, id, now), now),
  breakdown,
};
