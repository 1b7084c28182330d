import type { Problem, Route } from './types.js';

const EPS = 1e-6;

/**
 * Counts broken constraints in timed routes, from scratch and without the scheduler's code: each request served
 * at most once, pickup before dropoff on the same vehicle, load within capacity and never negative, times
 * reachable from the previous stop, time windows, ride times, route duration and the depot window. One count
 * per broken constraint instance.
 */
export function violations(problem: Problem, routes: readonly Route[]): number {
  const { requests, vehicles, travel } = problem;
  let count = 0;
  const servedBy = new Map<number, number>();
  for (const route of routes) {
    const v = vehicles[route.vehicle];
    if (!v) {
      count++;
      continue;
    }
    if (route.stops.length === 0) continue;
    const startNode = v.depot;
    const endNode = v.endDepot ?? v.depot;
    if (route.depart < v.window.start - EPS) count++;
    if (route.end > v.window.end + EPS) count++;
    if (route.end - route.depart > v.maxDuration + EPS) count++;
    let load = 0;
    let prevNode = startNode;
    let prevFree = route.depart;
    const pickedAt = new Map<number, number>();
    for (const stop of route.stops) {
      const r = requests[stop.request];
      if (!r) {
        count++;
        continue;
      }
      const node = stop.kind === 'pickup' ? r.pickup : r.dropoff;
      const window = stop.kind === 'pickup' ? r.pickupWindow : r.dropoffWindow;
      const service = stop.kind === 'pickup' ? r.pickupService : r.dropoffService;
      if (stop.node !== node) count++;
      if (stop.begin < prevFree + travel(prevNode, node) - EPS) count++;
      if (stop.begin < window.start - EPS || stop.begin > window.end + EPS) count++;
      if (stop.kind === 'pickup') {
        if (pickedAt.has(stop.request) || servedBy.has(stop.request)) count++;
        pickedAt.set(stop.request, stop.begin + service);
        servedBy.set(stop.request, route.vehicle);
        load += r.load;
        if (load > v.capacity) count++;
      } else {
        const left = pickedAt.get(stop.request);
        if (left === undefined) count++;
        else {
          if (stop.begin - left > r.maxRide + EPS) count++;
          pickedAt.delete(stop.request);
        }
        load -= r.load;
        if (load < 0) count++;
      }
      prevNode = node;
      prevFree = stop.begin + service;
    }
    // a passenger still aboard at the end was never dropped off
    count += pickedAt.size;
    if (route.end < prevFree + travel(prevNode, endNode) - EPS) count++;
  }
  return count;
}

/** Total travel over every route, depot to depot (Euclidean length for Cordeau instances). */
export function totalDistance(problem: Problem, routes: readonly Route[]): number {
  let sum = 0;
  for (const route of routes) {
    if (route.stops.length === 0) continue;
    const v = problem.vehicles[route.vehicle]!;
    let prev = v.depot;
    for (const stop of route.stops) {
      sum += problem.travel(prev, stop.node);
      prev = stop.node;
    }
    sum += problem.travel(prev, v.endDepot ?? v.depot);
  }
  return sum;
}
