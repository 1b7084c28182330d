/**
 * A stepped clock for deps.now (epoch ms): it stands still until the test steps it, so a test of a TTL, a
 * deadline or a replay says how much time passes instead of waiting for it.
 */
export interface SteppedClock {
  now: () => number;
  /** moves the clock on by `ms` */
  step(ms: number): void;
}

export function steppedClock(start = Date.now()): SteppedClock {
  let at = start;
  return {
    now: () => at,
    step(ms) {
      if (ms < 0) throw new Error('a clock does not step back');
      at += ms;
    },
  };
}

/** Runs `body` with the app's clock replaced by a stepped one, and puts the app's own clock back afterwards. */
export async function withSteppedClock<T>(deps: { now: () => number }, body: (clock: SteppedClock) => Promise<T>): Promise<T> {
  const own = deps.now;
  const clock = steppedClock(own());
  deps.now = clock.now;
  try {
    return await body(clock);
  } finally {
    deps.now = own;
  }
}
