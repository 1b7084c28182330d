import type { Deps } from '../../platform/deps.js';

/** Periodic re-optimisation of every event's open rides; returns a stop function. */
export function startCartReoptimiser(_deps: Deps, _everyMs: number, _onError: (err: unknown) => void): () => Promise<void> {
  return () => Promise.resolve();
}
