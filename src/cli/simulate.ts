import { CART_PROFILES, demoSimInput, type CartProfile } from '../demo/cart-demand.js';
import { baselineDispatcher, poolingDispatcher } from '../engines/dispatch/index.js';
import { simulateCarts, type CartMetrics, type SimDetails } from '../engines/dispatch/simulate.js';
import { METRIC_ROWS, runSimulateHttp, type HttpRawOptions } from './simulate-http.js';

export interface SimulateOptions {
  carts: number;
  seed: number;
  profile: CartProfile;
}

export interface SimulateReport {
  dispatcher: CartMetrics;
  baseline: CartMetrics;
  details: { dispatcher: SimDetails; baseline: SimDetails };
}

/** The same seeded demand through the pooling dispatcher and the baseline, on the demo network. */
export function simulateBoth(opts: SimulateOptions, progress?: (line: string) => void): SimulateReport {
  const input = demoSimInput(opts.carts, opts.seed, opts.profile);
  progress?.(`simulating ${input.calls.length} calls (${opts.profile}, seed ${opts.seed}) with ${opts.carts} carts: dispatcher …`);
  const d = simulateCarts(poolingDispatcher, input);
  progress?.(`simulating ${input.calls.length} calls (${opts.profile}, seed ${opts.seed}) with ${opts.carts} carts: baseline …`);
  const b = simulateCarts(baselineDispatcher, input);
  return { dispatcher: d.metrics, baseline: b.metrics, details: { dispatcher: d.details, baseline: b.details } };
}

/** Checks the raw option strings; a message for the first bad one. */
export function parseSimulateOptions(raw: { carts?: string; seed?: string; profile?: string }): SimulateOptions | string {
  const whole = (v: string | undefined, name: string, min: number, max: number, fallback: number): number | string => {
    if (v === undefined) return fallback;
    const n = Number(v);
    return /^\d+$/.test(v.trim()) && Number.isInteger(n) && n >= min && n <= max
      ? n
      : `--${name} must be a whole number from ${min} to ${max} (got "${v}")`;
  };
  const carts = whole(raw.carts, 'carts', 1, 500, 20);
  if (typeof carts === 'string') return carts;
  const seed = whole(raw.seed, 'seed', 0, 2 ** 31 - 1, 2017);
  if (typeof seed === 'string') return seed;
  const profile = raw.profile ?? 'mixed';
  if (!(CART_PROFILES as readonly string[]).includes(profile))
    return `--profile must be one of ${CART_PROFILES.join(', ')} (got "${profile}")`;
  return { carts, seed, profile: profile as CartProfile };
}

/** A plain table: one line per figure, dispatcher and baseline side by side. */
export function simulateTable(opts: SimulateOptions, r: SimulateReport): string {
  const head = `${opts.carts} carts, profile ${opts.profile}, seed ${opts.seed}`;
  const lines = METRIC_ROWS.map(([key, label, fmt]) => [label, fmt(r.dispatcher[key]), fmt(r.baseline[key])]);
  const extra = (s: SimDetails) =>
    `${s.refused} refused at once, ${s.noShows} no-shows, ${s.late} picked up late, ${(s.pooledShare * 100).toFixed(0)} % of rides shared`;
  const all = [['', 'dispatcher', 'baseline'], ...lines];
  const w = [0, 1, 2].map((i) => Math.max(...all.map((l) => l[i]!.length)));
  const fmtLine = (l: string[]) => `${l[0]!.padEnd(w[0]!)}  ${l[1]!.padStart(w[1]!)}  ${l[2]!.padStart(w[2]!)}`;
  return [head, ...all.map(fmtLine), `dispatcher: ${extra(r.details.dispatcher)}`, `baseline:   ${extra(r.details.baseline)}`].join('\n');
}

export function runSimulate(what: string, raw: HttpRawOptions & { json?: boolean }): void | Promise<void> {
  if (what !== 'carts') {
    console.error(`error: unknown simulation "${what}" (only "carts")`);
    process.exit(2);
  }
  // the same demand through a running server's HTTP API, with simulated drivers
  if (raw.http !== undefined) return runSimulateHttp(raw);
  const opts = parseSimulateOptions(raw);
  if (typeof opts === 'string') {
    console.error(`error: ${opts}`);
    process.exit(2);
  }
  const report = simulateBoth(opts, (line) => process.stderr.write(`${line}\n`));
  if (raw.json) console.log(JSON.stringify({ dispatcher: report.dispatcher, baseline: report.baseline }));
  else console.log(simulateTable(opts, report));
}
