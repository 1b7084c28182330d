import { demoSimInput, type CartProfile } from '../demo/cart-demand.js';
import { poolingDispatcher } from '../engines/dispatch/index.js';
import { simulateCarts, type CartMetrics, type SimInput } from '../engines/dispatch/simulate.js';

// What `huiwu simulate carts --http` is asked for and reports, and the same demand slice in-process beside it.

/** What a replay is asked for (`huiwu simulate carts --http`). */
export interface HttpReplayOptions {
  baseUrl: string;
  event: string;
  email: string;
  password: string;
  /** put exactly this many carts in service for the replay (default: the carts in service now) */
  carts: number | null;
  seed: number;
  profile: CartProfile;
  /** the first minutes of the profile (default: all of it) */
  minutes: number | null;
  speed: number;
}

export interface HttpReplayDetails {
  calls: number;
  cartsInService: number;
  /** calls the API answered 201 (assigned or refused) */
  answered: number;
  refused: number;
  noShows: number;
  late: number;
  rescued: number;
  /** drivers who turned back to the stop they had just left (a call assigned there as they left) */
  turnedBack: number;
  pooledShare: number;
  /** ride statuses read back through GET /rides/{token} at the end */
  statuses: Record<string, number>;
  violations: { seats: number; ride: number; promise: number; wheelchair: number; engine: number };
  notes: string[];
  /** every ride token, for checks against the database */
  tokens: string[];
}

export interface HttpReplayReport {
  dispatcher: CartMetrics;
  details: HttpReplayDetails;
}

/** The slice of the demand a replay covers: the same calls (and breakdown, when it falls in the slice) in-process. */
export function demandSlice(carts: number, seed: number, profile: CartProfile, minutes: number | null): SimInput {
  const input = demoSimInput(carts, seed, profile);
  if (minutes === null) return input;
  const end = input.start + minutes * 60;
  return {
    ...input,
    calls: input.calls.filter((c) => c.at < end),
    breakdown: input.breakdown && input.breakdown.at < end ? input.breakdown : null,
  };
}

/** The in-process simulator on the same slice, for the table beside the replay's figures. */
export function inProcessSlice(carts: number, seed: number, profile: CartProfile, minutes: number | null): CartMetrics {
  return simulateCarts(poolingDispatcher, demandSlice(carts, seed, profile, minutes)).metrics;
}
