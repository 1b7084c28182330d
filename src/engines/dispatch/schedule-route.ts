import type { Problem, Route, Stop } from './types.js';

const EPS = 1e-9;

/**
 * Times a sequence of stops for one vehicle with Cordeau & Laporte's (2003) eight-step scheme: the earliest
 * forward pass with waiting, then the depot departure and each pickup are delayed by their forward time slack
 * (bounded by the waiting that follows, so the route never ends later) to shorten ride times. The scheme is
 * sound but not complete: any schedule it returns satisfies every constraint (step 8 checks them all), yet it may
 * miss a feasible schedule in rare cases; the insertion then just tries another position.
 * Returns null when capacity, a time window, a ride time or the route duration is violated.
 */
export function scheduleRoute(problem: Problem, vehicleIndex: number, stops: readonly Stop[]): Route | null {
  const { requests, travel } = problem;
  const v = problem.vehicles[vehicleIndex]!;
  const q = stops.length + 1;
  const node: number[] = [v.depot];
  const e: number[] = [v.window.start];
  const l: number[] = [v.window.end];
  const s: number[] = [0];
  const pickupPos: number[] = [-1];
  const maxRide: number[] = [Infinity];
  const seen = new Map<number, number>();
  let load = 0;
  for (const [k, stop] of stops.entries()) {
    const r = requests[stop.request]!;
    const pos = k + 1;
    if (stop.kind === 'pickup') {
      load += r.load;
      if (load > v.capacity) return null;
      seen.set(stop.request, pos);
      node.push(r.pickup); e.push(r.pickupWindow.start); l.push(r.pickupWindow.end); s.push(r.pickupService);
      pickupPos.push(-1); maxRide.push(Infinity);
    } else {
      const p = seen.get(stop.request);
      if (p === undefined) return null;
      load -= r.load;
      node.push(r.dropoff); e.push(r.dropoffWindow.start); l.push(r.dropoffWindow.end); s.push(r.dropoffService);
      pickupPos.push(p); maxRide.push(r.maxRide);
    }
  }
  node.push(v.endDepot ?? v.depot); e.push(v.window.start); l.push(v.window.end); s.push(0);
  pickupPos.push(-1); maxRide.push(Infinity);

  const A = new Array<number>(q + 1).fill(0);
  const B = new Array<number>(q + 1).fill(0);
  const W = new Array<number>(q + 1).fill(0);
  const forward = (from: number) => {
    for (let i = from; i <= q; i++) {
      A[i] = B[i - 1]! + s[i - 1]! + travel(node[i - 1]!, node[i]!);
      B[i] = Math.max(A[i]!, e[i]!);
      W[i] = B[i]! - A[i]!;
    }
  };
  const ride = (j: number) => B[j]! - (B[pickupPos[j]!]! + s[pickupPos[j]!]!);
  // Forward time slack of vertex i: how far its service can be pushed without breaking a later window, or the
  // ride time of a passenger already aboard (picked up before i).
  const slack = (i: number) => {
    let best = Infinity;
    let waited = 0;
    for (let j = i; j <= q; j++) {
      if (j > i) waited += W[j]!;
      let room = l[j]! - B[j]!;
      if (pickupPos[j]! >= 1 && pickupPos[j]! < i) room = Math.min(room, maxRide[j]! - ride(j));
      best = Math.min(best, waited + Math.max(0, room));
    }
    return best;
  };
  const waitAfter = (i: number) => {
    let sum = 0;
    for (let p = i + 1; p < q; p++) sum += W[p]!;
    return sum;
  };

  // 1–2: earliest schedule; if it misses a window no schedule can meet it.
  B[0] = e[0]!;
  forward(1);
  for (let i = 1; i <= q; i++) if (B[i]! > l[i]! + EPS) return null;
  // 3–5: leave the depot as late as the slack allows (shortens the route and the first waits).
  B[0] = e[0]! + Math.min(slack(0), waitAfter(0));
  forward(1);
  // 6–7: if a ride is too long, delay each pickup in turn.
  let rideOk = true;
  for (let j = 1; j < q; j++) if (pickupPos[j]! >= 1 && ride(j) > maxRide[j]! + EPS) rideOk = false;
  if (!rideOk) {
    for (let j = 1; j < q; j++) {
      if (stops[j - 1]!.kind !== 'pickup') continue;
      const delay = Math.min(slack(j), waitAfter(j));
      if (delay <= 0) continue;
      B[j] = B[j]! + delay;
      W[j] = W[j]! + delay;
      forward(j + 1);
    }
  }
  // 8: check everything.
  for (let i = 0; i <= q; i++) if (B[i]! > l[i]! + EPS) return null;
  for (let j = 1; j < q; j++) if (pickupPos[j]! >= 1 && ride(j) > maxRide[j]! + EPS) return null;
  if (B[q]! - B[0]! > v.maxDuration + EPS) return null;
  return {
    vehicle: vehicleIndex,
    depart: B[0]!,
    end: B[q]!,
    stops: stops.map((st, k) => ({ ...st, node: node[k + 1]!, arrival: A[k + 1]!, begin: B[k + 1]! })),
  };
}
