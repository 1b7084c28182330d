import { describe, expect, it } from 'vitest';
import { baselineDispatcher } from './baseline.js';
import { initialState, poolingDispatcher, type CartRequest, type DispatchState, type Dispatcher } from './online.js';

/** Stops on a line: node k at k × 60 s from node 0. */
const travel = (a: number, b: number) => 60 * Math.abs(a - b);
const T0 = 1000;
const cart = (id: string, node: number, seats = 4, accessible = false) => ({ id, node, seats, accessible });
const ask = (id: string, origin: number, destination: number, extra: Partial<CartRequest> = {}): CartRequest => ({
  id, origin, destination, party: 1, wheelchair: false, requestedAt: T0, maxWait: 600, maxRideFactor: 2, ...extra,
});

/**
 * From-scratch check of a state, written without the engine's timeline: seats never exceeded, wheelchair only in
 * accessible carts, each open request in exactly one plan in the right form, planned rides within the factor and
 * (when `waits`) planned pickups within the maximum wait. Returns one message per broken rule.
 */
function problems(state: DispatchState, now: number, waits: boolean): string[] {
  const out: string[] = [];
  const byId = new Map(state.requests.map((r) => [r.id, r]));
  const seen = new Map<string, number>();
  for (const c of state.carts) {
    let t = c.plan.length ? c.freeAt : Math.max(c.freeAt, now);
    let at = c.node;
    let load = 0;
    for (const r of state.requests) if (r.status === 'onboard' && r.cart === c.id) load += r.party;
    const up = new Map<string, number>();
    for (const s of c.plan) {
      const r = byId.get(s.request);
      if (!r) { out.push(`${c.id}: unknown ${s.request}`); continue; }
      if (r.cart !== c.id) out.push(`${r.id} planned on ${c.id} but assigned to ${r.cart}`);
      seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
      const node = s.kind === 'pickup' ? r.origin : r.destination;
      t += travel(at, node);
      at = node;
      if (s.kind === 'pickup') {
        t = Math.max(t, r.requestedAt);
        if (r.status !== 'assigned') out.push(`${r.id} picked up twice`);
        if (r.wheelchair && !c.accessible) out.push(`${r.id} wheelchair in ${c.id}`);
        if (waits && t > r.requestedAt + r.maxWait + 1e-6) out.push(`${r.id} waits ${t - r.requestedAt}`);
        load += r.party;
        if (load > c.seats) out.push(`${c.id} over seats (${load})`);
        up.set(r.id, t);
      } else {
        const from = r.status === 'onboard' ? r.pickedUpAt! : up.get(r.id);
        if (from === undefined) out.push(`${r.id} dropped before pickup`);
        else if (t - from > r.maxRideFactor * travel(r.origin, r.destination) + 1e-6) out.push(`${r.id} rides ${t - from}`);
        load -= r.party;
      }
    }
    if (!c.inService && c.plan.length) out.push(`${c.id} out of service with a plan`);
  }
  for (const r of state.requests) {
    const want = r.status === 'assigned' ? 2 : r.status === 'onboard' ? 1 : 0;
    if ((seen.get(r.id) ?? 0) !== want) out.push(`${r.id} (${r.status}) appears ${seen.get(r.id) ?? 0} times`);
  }
  return out;
}

const both: Dispatcher[] = [poolingDispatcher, baselineDispatcher];

describe.each(both)('cart dispatch contract: $name', (d) => {
  it('respects seats: a party larger than any cart is refused, two parties of 3 never share a 4-seat cart', () => {
    let s = initialState(travel, [cart('c1', 0), cart('c2', 0)], T0);
    const big = d.request(s, ask('big', 1, 3, { party: 5 }), T0);
    expect(big.outcome).toMatchObject({ kind: 'refused', code: 'no-suitable-cart' });
    s = d.request(s, ask('a', 1, 3, { party: 3 }), T0).state;
    const b = d.request(s, ask('b', 1, 3, { party: 3 }), T0);
    s = b.state;
    expect(b.outcome.kind).toBe('assigned');
    const carts = s.requests.map((r) => r.cart);
    expect(new Set(carts).size).toBe(2);
    expect(problems(s, T0, true)).toEqual([]);
  });

  it('gives a wheelchair request an accessible cart although a plain one is nearer', () => {
    const s = initialState(travel, [cart('near', 1), cart('far', 4, 4, true)], T0);
    const res = d.request(s, ask('w', 1, 3, { wheelchair: true }), T0);
    expect(res.outcome).toMatchObject({ kind: 'assigned', cart: 'far', pickupEta: T0 + 180 });
    expect(problems(res.state, T0, true)).toEqual([]);
  });

  it('refuses at once, with the estimated wait, a request no cart can reach within the maximum wait', () => {
    const s = initialState(travel, [cart('c1', 20)], T0);
    const res = d.request(s, ask('r', 0, 2, { maxWait: 300 }), T0);
    expect(res.outcome).toEqual({ kind: 'refused', code: 'wait-too-long', estimatedWait: 1200 });
    expect(res.state).toBe(s);
  });

  it('a breakdown reassigns waiting passengers and reports those aboard for a rescue', () => {
    let s = initialState(travel, [cart('c1', 0), cart('c2', 5)], T0);
    s = d.request(s, ask('a', 1, 2), T0).state;
    expect(s.requests[0]!.cart).toBe('c1');
    const br = d.breakdown(s, 'c1', T0 + 10);
    expect(br.reassigned).toEqual([{ request: 'a', cart: 'c2', pickupEta: T0 + 10 + 240 }]);
    expect(br.rescue).toEqual([]);
    expect(problems(br.state, T0 + 10, true)).toEqual([]);

    let t = initialState(travel, [cart('c1', 0), cart('c2', 5)], T0);
    t = d.request(t, ask('x', 0, 3), T0).state;
    t = d.pickedUp(t, 'x', T0).state;
    const br2 = d.breakdown(t, 'c1', T0 + 30);
    expect(br2.rescue).toEqual(['x']);
    expect(br2.state.requests).toEqual([]);
    expect(br2.state.carts[0]!.inService).toBe(false);
  });

  it('a no-show is accepted only after the cart has waited the timeout at the pickup', () => {
    let s = initialState(travel, [cart('c1', 0)], T0, 120);
    s = d.request(s, ask('n', 2, 4), T0).state;
    expect(d.noShow(s, 'n', T0 + 130).error).toBe('not-at-pickup');
    s = d.arrived(s, 'c1', 2, T0 + 120).state;
    expect(d.noShow(s, 'n', T0 + 200).error).toBe('too-early');
    const ok = d.noShow(s, 'n', T0 + 240);
    expect(ok.error).toBeUndefined();
    expect(ok.state.requests).toEqual([]);
    expect(ok.state.carts[0]!.plan).toEqual([]);
  });
});

/** Plays a seeded demand to the end, carts driving their plans exactly; checks the state after every operation. */
function simulate(d: Dispatcher, seed: number) {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const demand: CartRequest[] = [];
  for (let i = 0; i < 40; i++) {
    const o = Math.floor(rnd() * 12);
    let dst = Math.floor(rnd() * 12);
    if (dst === o) dst = (o + 3) % 12;
    demand.push(ask(`r${i}`, o, dst, { requestedAt: T0 + i * 45, party: 1 + Math.floor(rnd() * 3), wheelchair: rnd() < 0.1, maxWait: 900, maxRideFactor: 1.6 }));
  }
  let s = initialState(travel, [cart('c1', 0, 4, true), cart('c2', 6), cart('c3', 11, 6)], T0);
  const errors: string[] = [];
  const rides: Array<{ id: string; ride: number; limit: number }> = [];
  const boarded = new Map<string, number>();
  let served = 0;
  let next = 0;
  let now = T0;
  let lastReopt = T0;
  for (let guard = 0; guard < 10000; guard++) {
    // the next event: a cart reaching its first stop, or the next request
    let when = Infinity;
    let who: string | null = null;
    for (const c of s.carts) {
      const first = c.plan[0];
      if (!first) continue;
      const r = s.requests.find((q) => q.id === first.request)!;
      const node = first.kind === 'pickup' ? r.origin : r.destination;
      const t = Math.max(c.freeAt + travel(c.node, node), first.kind === 'pickup' ? r.requestedAt : 0);
      if (t < when) { when = t; who = c.id; }
    }
    const req = demand[next];
    if (req && req.requestedAt <= when) {
      now = req.requestedAt;
      s = d.request(s, req, now).state;
      next++;
    } else if (who) {
      now = when;
      const c = s.carts.find((k) => k.id === who)!;
      const first = c.plan[0]!;
      const r = s.requests.find((q) => q.id === first.request)!;
      if (first.kind === 'pickup') {
        s = d.pickedUp(s, r.id, now).state;
        boarded.set(r.id, now);
      } else {
        rides.push({ id: r.id, ride: now - boarded.get(r.id)!, limit: r.maxRideFactor * travel(r.origin, r.destination) });
        s = d.droppedOff(s, r.id, now).state;
        served++;
      }
    } else break;
    errors.push(...problems(s, now, d === poolingDispatcher).map((e) => `${now}: ${e}`));
    if (now - lastReopt >= 120) {
      const onboard = s.requests.filter((r) => r.status === 'onboard').map((r) => `${r.id}@${r.cart}`);
      s = d.reoptimise(s, now).state;
      lastReopt = now;
      expect(s.requests.filter((r) => r.status === 'onboard').map((r) => `${r.id}@${r.cart}`)).toEqual(onboard);
      errors.push(...problems(s, now, d === poolingDispatcher).map((e) => `${now} reopt: ${e}`));
    }
  }
  return { errors, rides, served, state: s };
}

describe('pooling dispatcher only', () => {
  it('pools two compatible requests into one cart where the baseline uses two', () => {
    const start = initialState(travel, [cart('c1', 0), cart('c2', 0)], T0);
    const run = (d: Dispatcher) => {
      let s = d.request(start, ask('A', 1, 3), T0).state;
      s = d.request(s, ask('B', 2, 4), T0).state;
      return s.requests.map((r) => r.cart);
    };
    expect(run(poolingDispatcher)).toEqual(['c1', 'c1']);
    expect(run(baselineDispatcher)).toEqual(['c1', 'c2']);
  });

  it('re-optimisation never moves an onboard passenger and never raises the total driving', () => {
    let s = initialState(travel, [cart('c1', 0), cart('c2', 8)], T0);
    s = poolingDispatcher.request(s, ask('on', 0, 6, { maxRideFactor: 3 }), T0).state;
    s = poolingDispatcher.pickedUp(s, 'on', T0).state;
    s = poolingDispatcher.request(s, ask('w1', 2, 5), T0).state;
    s = poolingDispatcher.request(s, ask('w2', 7, 9), T0).state;
    const before = s.carts.find((c) => c.id === 'c1')!.plan.filter((p) => p.request === 'on');
    const re = poolingDispatcher.reoptimise(s, T0 + 30);
    const after = re.state.carts.find((c) => c.id === 'c1')!.plan.filter((p) => p.request === 'on');
    expect(re.state.requests.find((r) => r.id === 'on')).toMatchObject({ status: 'onboard', cart: 'c1' });
    expect(after).toEqual(before);
    expect(problems(re.state, T0 + 30, true)).toEqual([]);
  });

  it('ride-time limits (and waits, seats, accessibility) hold after every operation of a seeded run', () => {
    for (const seed of [1, 7, 42]) {
      const sim = simulate(poolingDispatcher, seed);
      expect(sim.errors).toEqual([]);
      expect(sim.state.requests).toEqual([]);
      for (const r of sim.rides) expect(r.ride).toBeLessThanOrEqual(r.limit + 1e-6);
      const base = simulate(baselineDispatcher, seed);
      expect(base.errors).toEqual([]);
      for (const r of base.rides) expect(r.ride).toBeLessThanOrEqual(r.limit + 1e-6);
      expect(sim.served).toBeGreaterThan(0);
    }
  });
});

describe('timing a moving cart (dwell, no-show reserve, position reports)', () => {
  const plan = (s: DispatchState, id = 'c1') => s.carts.find((c) => c.id === id)!.plan.map((p) => `${p.kind}:${p.request}`);

  it('counts the dwell at each stop: a second caller on the way is reached 20 s later, and the ride starts after boarding', () => {
    let s = initialState(travel, [cart('c1', 0)], T0, 120, { dwell: 20 });
    s = poolingDispatcher.request(s, ask('A', 0, 2), T0).state;
    const b = poolingDispatcher.request(s, ask('B', 1, 3), T0);
    expect(b.outcome).toEqual({ kind: 'assigned', cart: 'c1', pickupEta: T0 + 20 + 60 });
    const up = poolingDispatcher.pickedUp(b.state, 'A', T0).state;
    expect(up.carts[0]!.freeAt).toBe(T0 + 20);
    expect(up.requests.find((r) => r.id === 'A')!.pickedUpAt).toBe(T0 + 20);
  });

  it('keeps the no-show reserve in a ride that another pickup comes into: without it the caller on the way is pooled', () => {
    const tight = { maxRideFactor: 1.5 };
    const run = (noShowReserve: number) => {
      let s = initialState(travel, [cart('c1', 0)], T0, 120, { noShowReserve });
      s = poolingDispatcher.request(s, ask('A', 0, 2, tight), T0).state;
      return plan(poolingDispatcher.request(s, ask('B', 1, 3, tight), T0).state);
    };
    expect(run(0)).toEqual(['pickup:A', 'pickup:B', 'dropoff:A', 'dropoff:B']);
    expect(run(120)).toEqual(['pickup:A', 'dropoff:A', 'pickup:B', 'dropoff:B']);
  });

  it('waits for two absent callers at one stop together: both no-shows are accepted the timeout after the cart arrived', () => {
    let s = initialState(travel, [cart('c1', 0)], T0, 120);
    s = poolingDispatcher.request(s, ask('A', 2, 4), T0).state;
    s = poolingDispatcher.request(s, ask('B', 2, 5), T0).state;
    s = poolingDispatcher.arrived(s, 'c1', 2, T0 + 120).state;
    const a = poolingDispatcher.noShow(s, 'A', T0 + 240);
    expect(a.error).toBeUndefined();
    const b = poolingDispatcher.noShow(a.state, 'B', T0 + 240);
    expect(b.error).toBeUndefined();
    expect(b.state.requests).toEqual([]);
  });

  it('times a cart standing at its next pickup from now, not from when it arrived', () => {
    let s = initialState(travel, [cart('c1', 0)], T0);
    s = poolingDispatcher.request(s, ask('A', 0, 3), T0).state;
    // the caller has not come out yet: 100 s later a call on the way is reached from now
    const b = poolingDispatcher.request(s, ask('B', 1, 2, { requestedAt: T0 + 100 }), T0 + 100);
    expect(b.outcome).toEqual({ kind: 'assigned', cart: 'c1', pickupEta: T0 + 160 });
  });

  it('a report of the node a cart drives to times it from there: a caller behind it waits for the link and the way back', () => {
    let s = initialState(travel, [cart('c1', 0)], T0);
    s = poolingDispatcher.arrived(s, 'c1', 1, T0, T0 + 60).state;
    const r = poolingDispatcher.request(s, ask('A', 0, 2), T0);
    expect(r.outcome).toEqual({ kind: 'assigned', cart: 'c1', pickupEta: T0 + 120 });
  });

  it('a cart that has driven off towards its first stop goes there first: a caller at the stop it left is not picked up as if it stood there', () => {
    let s = initialState(travel, [cart('c1', 0)], T0);
    s = poolingDispatcher.request(s, ask('A', 2, 4), T0).state;
    // 30 s later the cart is on the road to node 2; a call at node 0 can come only after A's ride (pooling B would stretch it past the factor)
    const b = poolingDispatcher.request(s, ask('B', 0, 1, { requestedAt: T0 + 30 }), T0 + 30);
    expect(b.outcome).toEqual({ kind: 'assigned', cart: 'c1', pickupEta: T0 + 480 });
    expect(plan(b.state)).toEqual(['pickup:A', 'dropoff:A', 'pickup:B', 'dropoff:B']);
    // nor does re-optimisation take A from the cart driving to A's stop
    expect(poolingDispatcher.reoptimise(b.state, T0 + 40).moved).toBe(0);
  });
});
