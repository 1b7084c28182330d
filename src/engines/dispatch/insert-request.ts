import { scheduleRoute } from './schedule-route.js';
import type { Insertion, Problem, Route, Solution, Stop } from './types.js';

interface Candidate {
  vehicle: number;
  pickupAt: number;
  dropoffAt: number;
  added: number;
}

/** An empty, unscheduled route for each vehicle. */
export function emptyRoutes(problem: Problem): Route[] {
  return problem.vehicles.map((v, i) => ({ vehicle: i, depart: v.window.start, end: v.window.start, stops: [] }));
}

/**
 * Cheapest feasible insertion of request `index` into the current routes: every pickup/dropoff position pair in
 * every vehicle, cost = added travel. Candidates are sorted by cost (ties: vehicle, then positions, so the choice
 * is deterministic) and the first one whose route can be scheduled wins; null when none can.
 */
export function cheapestInsertion(problem: Problem, routes: readonly Route[], index: number): Insertion | null {
  const { travel, requests, vehicles } = problem;
  const r = requests[index]!;
  const candidates: Candidate[] = [];
  for (const route of routes) {
    const v = vehicles[route.vehicle]!;
    if (r.load > v.capacity) continue;
    const nodes = [v.depot, ...route.stops.map((s) => s.node), v.endDepot ?? v.depot];
    // load aboard after each stop (index 0 = leaving the depot)
    const loads = [0];
    for (const s of route.stops) loads.push(loads[loads.length - 1]! + (s.kind === 'pickup' ? 1 : -1) * requests[s.request]!.load);
    const m = route.stops.length;
    for (let i = 0; i <= m; i++) {
      // pickup goes between nodes[i] and nodes[i+1]
      const addP = travel(nodes[i]!, r.pickup) + travel(r.pickup, nodes[i + 1]!) - travel(nodes[i]!, nodes[i + 1]!);
      let peak = -Infinity;
      for (let j = i; j <= m; j++) {
        // the request rides over stops i+1..j; load after stop i .. j-1 (original indexes) gains r.load
        peak = Math.max(peak, loads[j]!);
        if (peak + r.load > v.capacity) break;
        const added =
          j === i
            ? travel(nodes[i]!, r.pickup) + travel(r.pickup, r.dropoff) + travel(r.dropoff, nodes[i + 1]!) - travel(nodes[i]!, nodes[i + 1]!)
            : addP + travel(nodes[j]!, r.dropoff) + travel(r.dropoff, nodes[j + 1]!) - travel(nodes[j]!, nodes[j + 1]!);
        candidates.push({ vehicle: route.vehicle, pickupAt: i, dropoffAt: j, added });
      }
    }
  }
  candidates.sort((a, b) => a.added - b.added || a.vehicle - b.vehicle || a.pickupAt - b.pickupAt || a.dropoffAt - b.dropoffAt);
  const byVehicle = new Map(routes.map((rt) => [rt.vehicle, rt]));
  for (const c of candidates) {
    const stops: Stop[] = byVehicle.get(c.vehicle)!.stops.map((s) => ({ request: s.request, kind: s.kind }));
    // dropoffAt counts original stops before the dropoff; after inserting the pickup it shifts by one
    stops.splice(c.pickupAt, 0, { request: index, kind: 'pickup' });
    stops.splice(c.dropoffAt + 1, 0, { request: index, kind: 'dropoff' });
    const route = scheduleRoute(problem, c.vehicle, stops);
    if (route) return { vehicle: c.vehicle, pickupAt: c.pickupAt, dropoffAt: c.dropoffAt + 1, addedDistance: c.added, route };
  }
  return null;
}

/** Earliest and latest start of the pickup service, tightened by the dropoff window and the ride-time limit. */
function pickupSpan(problem: Problem, index: number): [number, number] {
  const r = problem.requests[index]!;
  const direct = r.pickupService + problem.travel(r.pickup, r.dropoff);
  return [
    Math.max(r.pickupWindow.start, r.dropoffWindow.start - r.pickupService - r.maxRide),
    Math.min(r.pickupWindow.end, r.dropoffWindow.end - direct),
  ];
}

/** The orders the static solve tries (all deterministic): by pickup deadline, by earliest pickup, by midpoint. */
const ORDERS: Array<(span: [number, number]) => number> = [
  ([, late]) => late,
  ([early]) => early,
  ([early, late]) => (early + late) / 2,
  ([early, late]) => late - early,
  ([early, late]) => Math.min(late, early + 60),
];

function insertInOrder(problem: Problem, order: readonly number[]): Solution & { distance: number } {
  const routes = emptyRoutes(problem);
  const unserved: number[] = [];
  let distance = 0;
  for (const index of order) {
    const ins = cheapestInsertion(problem, routes, index);
    if (!ins) unserved.push(index);
    else {
      routes[routes.findIndex((rt) => rt.vehicle === ins.vehicle)] = ins.route;
      distance += ins.addedDistance;
    }
  }
  const repaired = repair(problem, routes, unserved.sort((a, b) => a - b), distance);
  return relocate(problem, repaired);
}

/**
 * Improvement by relocation: take each served request out and put it back at its cheapest feasible place;
 * keep the move when the total travel drops, retry the unserved after each pass, up to a few passes.
 */
function relocate(problem: Problem, start: Solution & { distance: number }): Solution & { distance: number } {
  const routes = start.routes.slice();
  let unserved = start.unserved.slice();
  let distance = totalTravel(problem, routes);
  for (let pass = 0; pass < 5; pass++) {
    let improved = false;
    for (let index = 0; index < problem.requests.length; index++) {
      const k = routes.findIndex((rt) => rt.stops.some((s) => s.request === index));
      if (k < 0) continue;
      const without = scheduleRoute(problem, routes[k]!.vehicle, routes[k]!.stops.filter((s) => s.request !== index));
      if (!without) continue;
      const trial = routes.slice();
      trial[k] = without;
      const ins = cheapestInsertion(problem, trial, index);
      if (!ins) continue;
      trial[trial.findIndex((rt) => rt.vehicle === ins.vehicle)] = ins.route;
      const d = totalTravel(problem, trial);
      if (d < distance - 1e-6) {
        routes.splice(0, routes.length, ...trial);
        distance = d;
        improved = true;
      }
    }
    const still: number[] = [];
    for (const u of unserved) {
      const ins = cheapestInsertion(problem, routes, u);
      if (!ins) still.push(u);
      else {
        routes[routes.findIndex((rt) => rt.vehicle === ins.vehicle)] = ins.route;
        improved = true;
      }
    }
    unserved = still;
    distance = totalTravel(problem, routes);
    if (!improved) break;
  }
  return { routes, unserved, distance };
}

/**
 * One ejection per request left over: take a served request out, insert the left-over one cheapest, and put the
 * ejected one back cheapest; kept only if both fit. Served requests are tried in index order (deterministic).
 */
function repair(problem: Problem, routes: Route[], unserved: number[], distance: number): Solution & { distance: number } {
  const left: number[] = [];
  for (const u of unserved) {
    let done = false;
    for (let k = 0; k < routes.length && !done; k++) {
      for (const stop of routes[k]!.stops) {
        if (stop.kind !== 'pickup') continue;
        const out = stop.request;
        const without = scheduleRoute(problem, routes[k]!.vehicle, routes[k]!.stops.filter((s) => s.request !== out));
        if (!without) continue;
        const trial = routes.slice();
        trial[k] = without.stops.length ? without : { ...without, depart: without.depart, end: without.depart };
        const first = cheapestInsertion(problem, trial, u);
        if (!first) continue;
        trial[trial.findIndex((rt) => rt.vehicle === first.vehicle)] = first.route;
        const second = cheapestInsertion(problem, trial, out);
        if (!second) continue;
        trial[trial.findIndex((rt) => rt.vehicle === second.vehicle)] = second.route;
        routes.splice(0, routes.length, ...trial);
        done = true;
        break;
      }
    }
    if (!done) left.push(u);
  }
  return { routes, unserved: left, distance: left.length === unserved.length ? distance : totalTravel(problem, routes) };
}

function totalTravel(problem: Problem, routes: readonly Route[]): number {
  let sum = 0;
  for (const route of routes) {
    if (!route.stops.length) continue;
    const v = problem.vehicles[route.vehicle]!;
    const nodes = [v.depot, ...route.stops.map((s) => s.node), v.endDepot ?? v.depot];
    for (let i = 1; i < nodes.length; i++) sum += problem.travel(nodes[i - 1]!, nodes[i]!);
  }
  return sum;
}

const better = (run: Solution & { distance: number }, best: (Solution & { distance: number }) | null) =>
  !best || run.unserved.length < best.unserved.length || (run.unserved.length === best.unserved.length && run.distance < best.distance - 1e-9);

/**
 * Static solve: insert every request by cheapest feasible insertion, in each of a few urgency orders (ties: input
 * order), each followed by one ejection per left-over request and relocation passes; left-over requests get a
 * second run at the head of the order. Keeps the run that serves the most requests, then the shortest; requests
 * that fit nowhere are reported as unserved.
 */
export function solveStatic(problem: Problem): Solution {
  const spans = problem.requests.map((_, i) => pickupSpan(problem, i));
  let best: (Solution & { distance: number }) | null = null;
  for (const key of ORDERS) {
    const order = problem.requests.map((_, i) => i).sort((a, b) => key(spans[a]!) - key(spans[b]!) || a - b);
    const run = insertInOrder(problem, order);
    if (better(run, best)) best = run;
    // requests left over go first in one more run of the same order
    if (run.unserved.length) {
      const first = new Set(run.unserved);
      const retry = insertInOrder(problem, [...run.unserved, ...order.filter((i) => !first.has(i))]);
      if (better(retry, best)) best = retry;
    }
  }
  return { routes: best!.routes, unserved: best!.unserved };
}
