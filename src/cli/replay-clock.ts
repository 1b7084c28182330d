/**
 * The HTTP replay's clock, in simulated seconds (the demand's clock: seconds since midnight). In real time it runs
 * `speed` times faster than the wall clock, against a server whose carts' clock does the same
 * (HUIWU_SIM_CLOCK_RATE). Stepped (tests), it stands still while anything is under way and jumps to the next
 * moment someone waits for: the server's clock is stepped with it, so a replay is the same every run and takes
 * as long as its requests do.
 */
export interface ReplayClock {
  now(): number;
  /** resolves once the clock has reached `sim` */
  until(sim: number): Promise<void>;
  /** a request of the replay: a stepped clock does not move on before it is answered */
  track<T>(work: Promise<T>): Promise<T>;
  /** runs the replay's body on this clock (a stepped clock steps while it runs) */
  run<T>(body: () => Promise<T>): Promise<T>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const turn = () => new Promise<void>((r) => setImmediate(r));

export function realTimeClock(start: number, speed: number): ReplayClock {
  const t0 = performance.now();
  return {
    now: () => start + ((performance.now() - t0) / 1000) * speed,
    until: (sim) => sleep(((sim - start) / speed) * 1000 - (performance.now() - t0)),
    track: (work) => work,
    run: (body) => body(),
  };
}

/** What a stepped replay drives besides its own requests: the server's clock, and the server's re-optimiser. */
export interface SteppedServer {
  /** moves the server's carts' clock (deps.now) on by `ms` */
  step(ms: number): void;
  /** the server's periodic work on the carts' clock (the re-optimiser's round), run every `tickSeconds`: rides moved */
  tick?: () => Promise<number>;
  tickSeconds?: number;
}

interface Waiter {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A stepped clock: the earliest waiter is woken alone (the same moment's waiters one after the other, in the order
 * they began to wait), then the clock waits until every request that started is answered and nothing more
 * happens, and only then moves to the next waiter's moment.
 */
export function steppedReplayClock(start: number, server: SteppedServer): ReplayClock {
  let at = start;
  let seq = 0;
  const waiters: Waiter[] = [];
  let inflight = 0;
  let activity = 0;
  let idle: Array<() => void> = [];
  let done = false;

  const settle = async () => {
    for (;;) {
      if (inflight > 0) {
        await new Promise<void>((r) => idle.push(r));
        continue;
      }
      const seen = activity;
      await turn();
      await turn();
      if (inflight === 0 && activity === seen) return;
    }
  };

  const clock: ReplayClock = {
    now: () => at,
    until(sim) {
      activity++;
      if (sim <= at) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push({ at: sim, seq: seq++, resolve });
      });
    },
    async track<T>(work: Promise<T>): Promise<T> {
      inflight++;
      activity++;
      try {
        return await work;
      } finally {
        inflight--;
        activity++;
        if (inflight === 0) {
          const woken = idle;
          idle = [];
          for (const w of woken) w();
        }
      }
    },
    async run<T>(body: () => Promise<T>): Promise<T> {
      const stepping = (async () => {
        while (!done) {
          await settle();
          if (done) return;
          waiters.sort((a, b) => a.at - b.at || a.seq - b.seq);
          const next = waiters.shift();
          if (!next) throw new Error('the stepped replay is stuck: nothing is under way and nobody waits for a moment');
          if (next.at > at) {
            server.step(Math.round((next.at - at) * 1000));
            at = next.at;
          }
          next.resolve();
        }
      })();
      const ticking = (async () => {
        if (!server.tick) return;
        const every = server.tickSeconds ?? 20;
        for (let next = start + every; !done; next += every) {
          await clock.until(next);
          if (done) return;
          await clock.track(server.tick());
        }
      })();
      try {
        return await Promise.race([body(), stepping.then(() => never<T>())]);
      } finally {
        done = true;
        for (const w of waiters.splice(0)) w.resolve();
        await ticking.catch(() => undefined);
      }
    },
  };
  return clock;
}

const never = <T>() => new Promise<T>(() => undefined);
