/** Dial-a-ride types. Times and durations share one unit (minutes for Cordeau, seconds on the venue network). */
export interface TimeWindow {
  start: number;
  end: number;
}

export interface RideRequest {
  id: string;
  pickup: number;
  dropoff: number;
  load: number;
  pickupWindow: TimeWindow;
  dropoffWindow: TimeWindow;
  pickupService: number;
  dropoffService: number;
  /** longest allowed time from the end of pickup service to the start of dropoff service */
  maxRide: number;
}

export interface Vehicle {
  id: string;
  capacity: number;
  depot: number;
  /** where the route ends; the start depot when absent */
  endDepot?: number;
  /** leave the depot no earlier than start, be back no later than end */
  window: TimeWindow;
  maxDuration: number;
}

/** Travel time between two nodes: Euclidean for Cordeau, a matrix lookup on the venue network. */
export type TravelTime = (from: number, to: number) => number;

export interface Problem {
  requests: RideRequest[];
  vehicles: Vehicle[];
  travel: TravelTime;
}

/** One stop of a route: the pickup or dropoff of request index `request` (into Problem.requests). */
export interface Stop {
  request: number;
  kind: 'pickup' | 'dropoff';
}

export interface TimedStop extends Stop {
  node: number;
  arrival: number;
  begin: number;
}

/** A scheduled route: leave the depot at `depart`, return at `end`. Empty stops means the vehicle stays home. */
export interface Route {
  vehicle: number;
  depart: number;
  end: number;
  stops: TimedStop[];
}

export interface Insertion {
  vehicle: number;
  pickupAt: number;
  dropoffAt: number;
  addedDistance: number;
  route: Route;
}

export interface Solution {
  routes: Route[];
  /** request indexes no vehicle could take */
  unserved: number[];
}
