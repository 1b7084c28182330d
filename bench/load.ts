import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

/** One measurement, as the report shows it. */
export interface Figures {
  name: string;
  /** requests (or operations) per second, mean over the measurement */
  perSecond: number;
  /** latency in milliseconds */
  p50: number;
  p99: number;
  total: number;
  /** responses that were not 2xx, plus connection errors and timeouts: a bench with failures is void */
  failures: number;
  /** mean response body size, bytes */
  bytes: number;
  seconds: number;
  /** per-round rates, when measured in interleaved rounds */
  rounds?: number[];
}

export interface HttpLoad {
  name: string;
  url: string;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
  /** absolute path of a CommonJS module exporting autocannon's setupClient (workers need a file, not a function) */
  setupClient?: string;
  /** handed to the setupClient module, which runs in the load generator's thread */
  env?: Record<string, string>;
}

export const AGENDA_CLIENT = fileURLToPath(new URL('./agenda-client.cjs', import.meta.url));

/**
 * Real HTTP over loopback with autocannon. The load generator runs in its own worker thread so it does not share
 * the server's event loop (the server under test runs in this process's main thread).
 */
export async function measureHttp(load: HttpLoad): Promise<Figures> {
  for (const [k, v] of Object.entries(load.env ?? {})) process.env[k] = v; // workers copy process.env when they start
  const options = {
    url: load.url,
    connections: load.connections,
    duration: load.seconds,
    workers: 1,
    headers: load.headers ?? {},
    ...(load.setupClient ? { setupClient: load.setupClient } : {}),
  } as unknown as autocannon.Options; // in workers mode setupClient is a file path, which the typings do not know
  const r = await autocannon(options);
  const responses = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  return {
    name: load.name,
    // completed responses over the run's real length (autocannon's own average is of whole-second samples)
    perSecond: r.duration ? responses / r.duration : 0,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: responses,
    failures: r.non2xx + r.errors + r.timeouts,
    bytes: responses ? r.throughput.total / responses : 0,
    seconds: r.duration,
  };
}

/** Short warm-up so JIT, caches and connection pools are hot before the measured run. */
export async function warmUp(load: HttpLoad, seconds = 1): Promise<void> {
  await measureHttp({ ...load, seconds });
}

/**
 * Operations per second of an async operation run by `concurrency` loops for `seconds`: the in-process
 * baseline for database writes (no HTTP, no auth, no programme read).
 */
export async function measureLoop(
  name: string,
  seconds: number,
  concurrency: number,
  op: (worker: number, i: number) => Promise<void>,
): Promise<Figures> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t = performance.now();
        await op(w, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    name,
    perSecond: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    total: latencies.length,
    failures: 0,
    bytes: 0,
    seconds: elapsed,
  };
}

/**
 * Runs the measurements in `rounds` interleaved rounds (A B C, A B C, …) of about `seconds / rounds` each, so that a
 * machine that gets busier or quieter during the run shifts a figure and its baseline alike. Rates are totals
 * over total time; p50 and p99 are the medians of the rounds' (autocannon gives percentiles, not samples).
 */
export async function interleaved<F extends Figures>(
  rounds: number,
  seconds: number,
  runs: ((seconds: number) => Promise<F>)[],
): Promise<F[]> {
  const results: F[][] = runs.map(() => []);
  // autocannon stops on its once-a-second tick, so a round lasts whole seconds
  const each = Math.max(1, Math.round(seconds / rounds));
  for (let r = 0; r < rounds; r++) {
    for (const [i, run] of runs.entries()) results[i]!.push(await run(each));
  }
  return results.map((list) => combine(list));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function combine<F extends Figures>(list: F[]): F {
  const total = list.reduce((n, f) => n + f.total, 0);
  const seconds = list.reduce((n, f) => n + f.seconds, 0);
  const sum = (k: keyof F) => list.reduce((n, f) => n + (typeof f[k] === 'number' ? (f[k] as number) : 0), 0);
  const extra = Object.fromEntries(
    Object.keys(list[0]!)
      .filter((k) => !['name', 'perSecond', 'p50', 'p99', 'total', 'failures', 'bytes', 'seconds', 'rounds'].includes(k))
      .map((k) => [k, sum(k as keyof F)]),
  );
  return {
    ...list[0]!,
    ...extra,
    perSecond: seconds ? total / seconds : 0,
    p50: median(list.map((f) => f.p50)),
    p99: median(list.map((f) => f.p99)),
    total,
    failures: list.reduce((n, f) => n + f.failures, 0),
    bytes: total ? list.reduce((n, f) => n + f.bytes * f.total, 0) / total : 0,
    seconds,
    rounds: list.map((f) => Math.round(f.perSecond)),
  };
}
