import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCordeau, scheduleRoute, solveStatic, totalDistance, violations, type Problem, type RideRequest } from './index.js';

/** Nodes on a line: node k sits at x = k, travel time = distance. */
const line: Problem['travel'] = (a, b) => Math.abs(a - b);
const wide = { start: 0, end: 1000 };
const req = (id: string, pickup: number, dropoff: number, extra: Partial<RideRequest> = {}): RideRequest => ({
  id, pickup, dropoff, load: 1, pickupWindow: wide, dropoffWindow: wide, pickupService: 0, dropoffService: 0, maxRide: 1000, ...extra,
});
const problem = (capacity: number, requests: RideRequest[]): Problem => ({
  requests,
  vehicles: [{ id: 'cart', capacity, depot: 0, window: wide, maxDuration: 1000 }],
  travel: line,
});
const order = (p: Problem, s: ReturnType<typeof solveStatic>) => s.routes[0]!.stops.map((st) => `${st.kind[0]}${p.requests[st.request]!.id}`);

describe('dispatch engine on hand-made instances', () => {
  it('a capacity-1 cart cannot pool two requests whose pickup windows force them aboard together: one is unserved', () => {
    const reqs = [req('A', 1, 3, { pickupWindow: { start: 1, end: 1 } }), req('B', 2, 4, { pickupWindow: { start: 2, end: 2 } })];
    const p = problem(1, reqs);
    const s = solveStatic(p);
    expect(s.unserved).toHaveLength(1);
    expect(violations(p, s.routes)).toBe(0);
    const p2 = problem(2, reqs);
    const s2 = solveStatic(p2);
    expect(s2.unserved).toEqual([]);
    expect(order(p2, s2).slice(0, 2)).toEqual(['pA', 'pB']);
  });

  it('pools two compatible requests (distance 8) rather than two trips (distance 10)', () => {
    const p = problem(2, [req('A', 1, 3), req('B', 2, 4)]);
    const s = solveStatic(p);
    expect(s.unserved).toEqual([]);
    expect(order(p, s).slice(0, 2)).toEqual(['pA', 'pB']);
    expect(totalDistance(p, s.routes)).toBe(8);
    expect(violations(p, s.routes)).toBe(0);
  });

  it('a ride-time limit forbids carrying A past B\'s stops: 24 sequential instead of 20 pooled', () => {
    const b = req('B', 4, 6, { pickupService: 1, dropoffService: 1 });
    const loose = problem(4, [req('A', 1, 10, { maxRide: 20 }), b]);
    expect(order(loose, solveStatic(loose)).slice(0, 2)).toEqual(['pA', 'pB']);
    expect(totalDistance(loose, solveStatic(loose).routes)).toBe(20);
    // picking B up on the way costs A at least 3 + 1 (service) + 6 = 10 minutes of ride
    const tight = problem(4, [req('A', 1, 10, { maxRide: 9.5 }), b]);
    const s = solveStatic(tight);
    expect(order(tight, s)).toEqual(['pA', 'dA', 'pB', 'dB']);
    expect(totalDistance(tight, s.routes)).toBe(24);
    expect(violations(tight, s.routes)).toBe(0);
  });

  it('a time window forces B before A although A is nearer the depot', () => {
    const p = problem(1, [req('A', 1, 2, { pickupWindow: { start: 20, end: 25 } }), req('B', 3, 4, { pickupWindow: { start: 0, end: 5 } })]);
    const s = solveStatic(p);
    expect(order(p, s)).toEqual(['pB', 'dB', 'pA', 'dA']);
    expect(totalDistance(p, s.routes)).toBe(10);
    expect(s.routes[0]!.stops[2]!.begin).toBeGreaterThanOrEqual(20);
    expect(violations(p, s.routes)).toBe(0);
  });

  it('delays the depot departure so a waiting passenger rides within the limit', () => {
    // pickup at 1 opens at 0, dropoff at 2 opens at 50: leaving at once would make the ride 49 > 5
    const p = problem(1, [req('A', 1, 2, { dropoffWindow: { start: 50, end: 60 }, maxRide: 5 })]);
    const route = scheduleRoute(p, 0, [{ request: 0, kind: 'pickup' }, { request: 0, kind: 'dropoff' }]);
    expect(route).not.toBeNull();
    expect(route!.stops[1]!.begin - route!.stops[0]!.begin).toBeLessThanOrEqual(5);
    expect(violations(p, [route!])).toBe(0);
  });

  it('the independent checker counts each break of a deliberately broken route', () => {
    const p = problem(2, [req('A', 1, 3), req('B', 2, 4)]);
    const good = solveStatic(p).routes[0]!;
    expect(violations(p, [good])).toBe(0);
    expect(violations(problem(1, p.requests), [good])).toBe(1); // two aboard in a capacity-1 cart
    const early = { ...good, stops: good.stops.map((s, i) => (i === 2 ? { ...s, begin: 0 } : s)) };
    expect(violations(p, [early])).toBe(1); // dropoff begins before the cart can get there
    const missing = { ...good, stops: good.stops.filter((s) => !(s.kind === 'dropoff' && s.request === 1)) };
    expect(violations(p, [missing])).toBe(1); // B is never dropped off
    expect(violations(p, [good, good])).toBe(2); // both requests served twice
  });
});

describe('Cordeau instance parser', () => {
  it('refuses a malformed node line naming the line', () => {
    const res = parseCordeau('1 2 480 3 30\n0 0 0 0 0 0 1440\n1 1 1 3 1 0\n2 2 2 3 -1 0 1440\n');
    expect(res).toEqual({ ok: false, line: 3, message: 'line 3: a node line needs 7 numbers: id x y service load twStart twEnd' });
  });
  it('refuses a dropoff whose load does not cancel its pickup', () => {
    const res = parseCordeau('1 2 480 3 30\n0 0 0 0 0 0 1440\n1 1 1 3 1 0 1440\n2 2 2 3 -2 0 1440\n');
    expect(res.ok).toBe(false);
    expect(!res.ok && res.line).toBe(4);
  });
});

const CORDEAU_DIR = join(import.meta.dirname, '../../../tests/fixtures/darp/cordeau2006');

describe('Cordeau (2006) instances of tests/fixtures/darp/cordeau2006', () => {
  const files = readdirSync(CORDEAU_DIR).filter((f) => f.endsWith('.txt')).sort();
  it('has the nine instances a2-16 … a4-48', () => expect(files).toHaveLength(9));
  for (const file of files) {
    it(`${file}: parses with the vehicles and requests its name states, and the insertion solve serves every request and breaks no constraint`, () => {
      const [, m, n] = /^a(\d+)-(\d+)\.txt$/.exec(file)!;
      const parsed = parseCordeau(readFileSync(join(CORDEAU_DIR, file), 'utf8'));
      if (!parsed.ok) throw new Error(parsed.message);
      expect(parsed.value.problem.vehicles).toHaveLength(Number(m));
      expect(parsed.value.problem.requests).toHaveLength(Number(n));
      const s = solveStatic(parsed.value.problem);
      expect(violations(parsed.value.problem, s.routes)).toBe(0);
      expect(s.unserved).toEqual([]);
      // never below the best known solution (a2-16: 294.25), so the distance is computed over real routes
      if (file === 'a2-16.txt') expect(totalDistance(parsed.value.problem, s.routes)).toBeGreaterThan(294.2);
    });
  }
});
