import { shortestPaths, type NetworkLink } from './network.js';
import { initialState, type CartRequest, type DispatchState, type Dispatcher } from './online.js';

/**
 * A deterministic event-loop simulator for the cart dispatchers: carts drive their plans along the fastest paths
 * link by link, stand a dwell at each stop, and every call, position report, pick-up, drop-off, no-show and the
 * breakdown go through the Dispatcher interface as the live service sends them. What the carts did is measured from
 * the simulated trajectory itself (seats, ride times, waits), not from what the dispatcher believes.
 */
export interface SimCall {
  id: string;
  /** seconds, the moment of the call (the caller stands at the origin from then on) */
  at: number;
  origin: number;
  destination: number;
  party: number;
  wheelchair: boolean;
  /** the caller is not there when the cart comes */
  noShow: boolean;
}

export interface SimInput {
  nodes: number;
  links: readonly NetworkLink[];
  carts: ReadonlyArray<{ id: string; seats: number; accessible: boolean; node: number }>;
  calls: readonly SimCall[];
  rules: { maxWaitSeconds: number; maxRideFactor: number; noShowSeconds: number };
  /** carts are free from here on (seconds) */
  start: number;
  /** boarding or alighting time per stop (default 20 s) */
  dwell?: number;
  /** seconds between re-optimisations (default 30) */
  reoptimiseEvery?: number;
  /** one cart goes out of service at `at` */
  breakdown?: { cart: string; at: number } | null;
  /** spare seconds against no-shows given to the dispatcher (default: the no-show timeout) */
  noShowReserve?: number;
  /** wall clock for the decision times (default performance.now) */
  clock?: () => number;
}

/** The figures the issue asks for (times in seconds, distances in km). */
export interface CartMetrics {
  served: number;
  requests: number;
  serviceRate: number;
  waitMean: number;
  waitP95: number;
  waitMax: number;
  rideRatioMean: number;
  rideRatioP95: number;
  cartKm: number;
  emptyCartKm: number;
  decisionP95Ms: number;
  violations: number;
}

export interface SimDetails {
  refused: number;
  /** waiting callers no cart could take after the breakdown */
  stranded: number;
  /** riders aboard the broken cart */
  rescued: number;
  noShows: number;
  /** picked up, but after the maximum wait */
  late: number;
  /** still open when every cart had stopped */
  unfinished: number;
  pooledShare: number;
  violations: { seats: number; ride: number; promise: number; wheelchair: number; engine: number };
  /** engine refusals of a report the simulator sent (each is also a violation) */
  errors: string[];
  /** what each broken promise or ride limit was */
  notes: string[];
}

export interface SimResult {
  metrics: CartMetrics;
  details: SimDetails;
}

type Wake = { kind: 'ready' } | { kind: 'arrive'; node: number } | { kind: 'noshow'; request: string };
interface SimCart {
  id: string;
  seats: number;
  accessible: boolean;
  node: number;
  wake: number;
  what: Wake;
  out: boolean;
  aboard: Map<string, number>;
}
/** One call as the carts served it (seconds). */
export interface Trip {
  call: SimCall;
  promised: boolean;
  pickedAt?: number;
  /** a no-show: when the cart reached the caller's stop */
  reachedAt?: number;
  departedAt?: number;
  rideEnd?: number;
  pooled?: boolean;
}

const EPS = 1e-6;

/** Nearest-rank percentile of a list (0 when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const mean = (v: readonly number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0);
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function simulateCarts(dispatcher: Dispatcher, input: SimInput): SimResult {
  const paths = shortestPaths(input.nodes, input.links);
  const dwell = input.dwell ?? 20;
  const every = input.reoptimiseEvery ?? 30;
  const clock = input.clock ?? (() => performance.now());
  const { maxWaitSeconds, maxRideFactor, noShowSeconds } = input.rules;
  let state: DispatchState = initialState(paths.travel, input.carts, input.start, noShowSeconds, {
    dwell,
    noShowReserve: input.noShowReserve ?? noShowSeconds,
  });
  const carts: SimCart[] = input.carts.map((c) => ({ ...c, wake: Infinity, what: { kind: 'ready' }, out: false, aboard: new Map() }));
  const cartOf = new Map(carts.map((c) => [c.id, c]));
  const trips = new Map<string, Trip>();
  const calls = [...input.calls].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const decisions: number[] = [];
  const d: SimDetails = {
    refused: 0,
    stranded: 0,
    rescued: 0,
    noShows: 0,
    late: 0,
    unfinished: 0,
    pooledShare: 0,
    violations: { seats: 0, ride: 0, promise: 0, wheelchair: 0, engine: 0 },
    errors: [],
    notes: [],
  };
  let metres = 0;
  let emptyMetres = 0;

  const report = (what: string, res: { state: DispatchState; error?: string }) => {
    if (res.error) {
      d.errors.push(`${what}: ${res.error}`);
      d.violations.engine++;
    } else state = res.state;
  };
  const planOf = (id: string) => state.carts.find((c) => c.id === id)!;
  const requestOf = (id: string) => state.requests.find((r) => r.id === id);

  /** After any change of plans: idle carts with work set off now; a cart waiting for a caller the plan no longer starts with stops waiting. */
  const nudge = (now: number) => {
    for (const c of carts) {
      if (c.out) continue;
      const first = planOf(c.id).plan[0];
      if (c.wake === Infinity && first) c.wake = now;
      else if (c.what.kind === 'noshow' && !(first && first.kind === 'pickup' && first.request === c.what.request)) {
        c.wake = now;
        c.what = { kind: 'ready' };
      }
    }
  };

  /** The cart is free at its node: serve the first stop of its plan here, or set off on the next link towards it. */
  const ready = (c: SimCart, now: number) => {
    const cart = planOf(c.id);
    const first = cart.plan[0];
    c.what = { kind: 'ready' };
    if (!cart.inService || !first) {
      c.wake = Infinity;
      return;
    }
    const r = requestOf(first.request)!;
    const target = first.kind === 'pickup' ? r.origin : r.destination;
    if (target !== c.node) {
      const next = paths.path(c.node, target)[1]!;
      const seconds = paths.seconds[c.node]![next]!;
      metres += paths.metres[c.node]![next]!;
      if (c.aboard.size === 0) emptyMetres += paths.metres[c.node]![next]!;
      report(`${c.id} sets off to ${next}`, dispatcher.arrived(state, c.id, next, now, now + seconds));
      c.wake = now + seconds;
      c.what = { kind: 'arrive', node: next };
      return;
    }
    const trip = trips.get(r.id)!;
    if (first.kind === 'pickup') {
      if (trip.call.noShow) {
        trip.reachedAt ??= now;
        // the timeout runs from the cart's arrival (or the call): callers absent at one stop are waited for together
        c.wake = Math.max(now, Math.max(cart.since ?? cart.freeAt, r.requestedAt) + noShowSeconds);
        c.what = { kind: 'noshow', request: r.id };
        return;
      }
      report(`${c.id} picks up ${r.id}`, dispatcher.pickedUp(state, r.id, now));
      trip.pickedAt = now;
      trip.departedAt = now + dwell;
      trip.pooled = c.aboard.size > 0;
      for (const other of c.aboard.keys()) trips.get(other)!.pooled = true;
      c.aboard.set(r.id, r.party);
      let load = 0;
      for (const p of c.aboard.values()) load += p;
      if (load > c.seats) d.violations.seats++;
      if (r.wheelchair && !c.accessible) d.violations.wheelchair++;
      if (trip.promised && now > r.requestedAt + maxWaitSeconds + EPS) {
        d.violations.promise++;
        d.notes.push(`${c.id} picked up ${r.id} ${Math.round(now - r.requestedAt - maxWaitSeconds)} s after the promised maximum wait`);
      }
    } else {
      report(`${c.id} drops off ${r.id}`, dispatcher.droppedOff(state, r.id, now));
      c.aboard.delete(r.id);
      trip.rideEnd = now;
      const limit = maxRideFactor * paths.travel(r.origin, r.destination);
      if (now - trip.departedAt! > limit + EPS) {
        d.violations.ride++;
        d.notes.push(`${c.id} took ${r.id} ${Math.round(now - trip.departedAt! - limit)} s over the ride limit`);
      }
    }
    c.wake = now + dwell;
  };

  const wake = (c: SimCart, now: number) => {
    const w = c.what;
    if (w.kind === 'arrive') {
      c.node = w.node;
      report(`${c.id} reaches ${w.node}`, dispatcher.arrived(state, c.id, w.node, now));
    } else if (w.kind === 'noshow') {
      report(`${c.id} reports ${w.request} absent`, dispatcher.noShow(state, w.request, now));
      d.noShows++;
    }
    ready(c, now);
  };

  const ask = (call: SimCall) => {
    const req: CartRequest = {
      id: call.id,
      origin: call.origin,
      destination: call.destination,
      party: call.party,
      wheelchair: call.wheelchair,
      requestedAt: call.at,
      maxWait: maxWaitSeconds,
      maxRideFactor,
    };
    const t0 = clock();
    const res = dispatcher.request(state, req, call.at);
    decisions.push(clock() - t0);
    state = res.state;
    if (res.outcome.kind === 'refused') d.refused++;
    else trips.set(call.id, { call, promised: res.outcome.kind === 'assigned' });
  };

  const breakdown = (cartId: string, now: number) => {
    const res = dispatcher.breakdown(state, cartId, now);
    if (res.error) return report(`breakdown ${cartId}`, res);
    state = res.state;
    const c = cartOf.get(cartId)!;
    c.out = true;
    c.wake = Infinity;
    // riders aboard were picked up (their wait counts) but their ride ends with the rescue, outside the dispatcher
    d.rescued += res.rescue.length;
    c.aboard.clear();
    for (const id of res.stranded) {
      if (!requestOf(id)) {
        trips.delete(id);
        d.stranded++;
      }
    }
  };

  let nextCall = 0;
  let nextTick = input.start + every;
  let broken = !input.breakdown;
  for (let guard = 0; guard < 5_000_000; guard++) {
    let c: SimCart | null = null;
    for (const k of carts) if (k.wake < (c?.wake ?? Infinity)) c = k;
    const callAt = calls[nextCall]?.at ?? Infinity;
    const breakAt = broken ? Infinity : input.breakdown!.at;
    const busy = nextCall < calls.length || state.requests.length > 0;
    const tickAt = busy ? nextTick : Infinity;
    const now = Math.min(c?.wake ?? Infinity, callAt, breakAt, tickAt);
    if (now === Infinity) break;
    // a request made while nothing moves would never end; carts all stopped with open requests is the end too
    if (c && c.wake === now) wake(c, now);
    else if (breakAt === now) {
      broken = true;
      breakdown(input.breakdown!.cart, now);
    } else if (callAt === now) ask(calls[nextCall++]!);
    else {
      nextTick += every;
      if (nextCall >= calls.length && carts.every((k) => k.wake === Infinity) && state.requests.every((r) => r.status === 'queued')) {
        if (!state.carts.some((k) => k.inService && k.plan.length)) break;
      }
      state = dispatcher.reoptimise(state, now).state;
    }
    nudge(now);
  }

  d.unfinished = state.requests.length;
  const v = d.violations;
  const measured = measureTrips({
    trips: trips.values(),
    requests: calls.length,
    maxWaitSeconds,
    travel: paths.travel,
    open: (id) => requestOf(id) !== undefined,
    metres,
    emptyMetres,
    decisionsMs: decisions,
    violations: v.seats + v.ride + v.wheelchair + v.engine + (dispatcher.name === 'baseline' ? 0 : v.promise),
  });
  d.late = measured.late;
  d.pooledShare = measured.pooledShare;
  return { metrics: measured.metrics, details: d };
}

/** What the figures are made of: each call's observed trip, and what the carts drove (shared with the HTTP replay). */
/** A trip as any replay observes it (the caller's presence is not needed to measure it). */
export type ObservedTrip = Omit<Trip, 'call'> & { call: Pick<SimCall, 'id' | 'at' | 'origin' | 'destination'> };

export interface TripRecords {
  trips: Iterable<ObservedTrip>;
  requests: number;
  maxWaitSeconds: number;
  /** direct driving seconds between two nodes */
  travel: (a: number, b: number) => number;
  /** the ride is still open (the no-show case counts as served only once closed) */
  open: (id: string) => boolean;
  metres: number;
  emptyMetres: number;
  decisionsMs: readonly number[];
  violations: number;
}

/** The figures from observed trips (a cart at the stop within the maximum wait served the call). */
export function measureTrips(r: TripRecords): { metrics: CartMetrics; late: number; pooledShare: number } {
  const waits: number[] = [];
  const ratios: number[] = [];
  let served = 0;
  let pooled = 0;
  let rides = 0;
  let late = 0;
  for (const t of r.trips) {
    // a cart at the stop within the maximum wait served the call, whether or not the caller was there
    if (t.reachedAt !== undefined && t.reachedAt - t.call.at <= r.maxWaitSeconds + EPS && !r.open(t.call.id)) served++;
    if (t.pickedAt === undefined) continue;
    const wait = t.pickedAt - t.call.at;
    waits.push(wait);
    if (wait <= r.maxWaitSeconds + EPS) served++;
    else late++;
    if (t.rideEnd !== undefined) {
      ratios.push((t.rideEnd - t.departedAt!) / r.travel(t.call.origin, t.call.destination));
      rides++;
      if (t.pooled) pooled++;
    }
  }
  return {
    late,
    pooledShare: rides ? round(pooled / rides, 3) : 0,
    metrics: {
      served,
      requests: r.requests,
      serviceRate: r.requests ? round(served / r.requests, 4) : 1,
      waitMean: round(mean(waits), 1),
      waitP95: round(percentile(waits, 95), 1),
      waitMax: round(waits.length ? Math.max(...waits) : 0, 1),
      rideRatioMean: round(mean(ratios), 3),
      rideRatioP95: round(percentile(ratios, 95), 3),
      cartKm: round(r.metres / 1000, 1),
      emptyCartKm: round(r.emptyMetres / 1000, 1),
      decisionP95Ms: round(percentile(r.decisionsMs, 95), 2),
      violations: r.violations,
    },
  };
}
