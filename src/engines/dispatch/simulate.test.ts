import { describe, expect, it } from 'vitest';
import { demoSimInput } from '../../demo/cart-demand.js';
import { baselineDispatcher } from './baseline.js';
import { poolingDispatcher, type Dispatcher } from './online.js';
import { percentile, simulateCarts, type SimCall, type SimInput } from './simulate.js';

/** Four stops on a two-way line, 100 s and 400 m per link. */
const line: SimInput['links'] = [0, 1, 2].flatMap((k) => [
  { from: k, to: k + 1, seconds: 100, metres: 400 },
  { from: k + 1, to: k, seconds: 100, metres: 400 },
]);
const call = (id: string, at: number, origin: number, destination: number, extra: Partial<SimCall> = {}): SimCall => ({
  id,
  at,
  origin,
  destination,
  party: 1,
  wheelchair: false,
  noShow: false,
  ...extra,
});
const input = (calls: SimCall[], extra: Partial<SimInput> = {}): SimInput => ({
  nodes: 4,
  links: line,
  carts: [{ id: 'c1', seats: 4, accessible: true, node: 0 }],
  calls,
  rules: { maxWaitSeconds: 600, maxRideFactor: 2, noShowSeconds: 120 },
  start: 0,
  dwell: 20,
  clock: () => 0,
  ...extra,
});

describe('cart simulator', () => {
  it('one call: the cart drives two links empty, boards for 20 s, rides one link; wait, ride and km follow exactly', () => {
    for (const d of [poolingDispatcher, baselineDispatcher]) {
      const r = simulateCarts(d, input([call('a', 10, 2, 3)]));
      expect(r.metrics).toEqual({
        served: 1,
        requests: 1,
        serviceRate: 1,
        waitMean: 200,
        waitP95: 200,
        waitMax: 200,
        rideRatioMean: 1,
        rideRatioP95: 1,
        cartKm: 1.2,
        emptyCartKm: 0.8,
        decisionP95Ms: 0,
        violations: 0,
      });
    }
  });

  it('a no-show holds the cart for the timeout, is reported, and counts as served when the cart came in time', () => {
    const r = simulateCarts(poolingDispatcher, input([call('gone', 0, 1, 3, { noShow: true }), call('b', 50, 1, 2)]));
    expect(r.details.noShows).toBe(1);
    expect(r.metrics).toMatchObject({ served: 2, requests: 2, violations: 0 });
  });

  it("pools two callers on the way into one cart and measures the second one's detour from the trajectory", () => {
    const r = simulateCarts(poolingDispatcher, input([call('a', 0, 0, 3), call('b', 0, 1, 2)], { noShowReserve: 0 }));
    // a boards at 0 and leaves at 20; b boards at 1 at 120; a's ride adds b's boarding and alighting: 340 s over 300 s
    expect(r.metrics).toMatchObject({ served: 2, waitMax: 120, cartKm: 1.2, emptyCartKm: 0, violations: 0 });
    expect(r.details.pooledShare).toBe(1);
    expect(r.metrics.rideRatioMean).toBeCloseTo((340 / 300 + 1) / 2, 3);
  });

  it('counts seat violations from what the carts carried, not from what the dispatcher believed', () => {
    // a dispatcher that thinks every cart has 100 seats
    const liar: Dispatcher = {
      ...poolingDispatcher,
      name: 'liar',
      request: (s, req, now) => poolingDispatcher.request({ ...s, carts: s.carts.map((c) => ({ ...c, seats: 100 })) }, req, now),
    };
    const calls = [call('a', 0, 0, 3, { party: 3 }), call('b', 0, 0, 3, { party: 3 })];
    expect(simulateCarts(liar, input(calls)).details.violations.seats).toBe(1);
    expect(simulateCarts(poolingDispatcher, input(calls)).metrics.violations).toBe(0);
  });

  it('is deterministic for a seed and keeps every promise on the demo surge, breakdown included', () => {
    const demo = { ...demoSimInput(20, 5, 'surge'), clock: () => 0 };
    const a = simulateCarts(poolingDispatcher, demo);
    const b = simulateCarts(poolingDispatcher, demo);
    expect(a.metrics).toEqual(b.metrics);
    expect(a.details).toEqual(b.details);
    expect(a.metrics.violations).toBe(0);
    expect(a.details.errors).toEqual([]);
    const base = simulateCarts(baselineDispatcher, demo);
    expect(base.metrics.violations).toBe(0);
    expect(base.metrics.requests).toBe(a.metrics.requests);
  });

  it('percentile is the nearest rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([], 95)).toBe(0);
  });
});
