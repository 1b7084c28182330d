import { CART_PROFILES, type CartProfile } from '../demo/cart-demand.js';
import type { CartMetrics } from '../engines/dispatch/simulate.js';
import { replayOverHttp } from './replay-over-http.js';
import { inProcessSlice, type HttpReplayOptions, type HttpReplayReport } from './replay-report.js';

/** `huiwu simulate carts --http …`: its options, its table and the command (the replay itself is replay-over-http.ts). */
export type HttpRawOptions = {
  http?: string;
  event?: string;
  email?: string;
  password?: string;
  carts?: string;
  seed?: string;
  profile?: string;
  minutes?: string;
  speed?: string;
};

/** Checks the raw option strings; a message for the first bad one. */
export function parseHttpOptions(raw: HttpRawOptions): HttpReplayOptions | string {
  const num = (value: string | undefined, name: string, min: number, max: number): number | null | string => {
    if (value === undefined) return null;
    const n = Number(value);
    return value.trim() !== '' && Number.isFinite(n) && n >= min && n <= max
      ? n
      : `--${name} must be a number from ${min} to ${max} (got "${value}")`;
  };
  if (!raw.http || !/^https?:\/\/[^/]+/.test(raw.http))
    return `--http must be the server's base URL, such as http://127.0.0.1:8080 (got "${raw.http ?? ''}")`;
  const carts = num(raw.carts, 'carts', 1, 500);
  if (typeof carts === 'string') return carts;
  if (carts !== null && !Number.isInteger(carts)) return `--carts must be a whole number (got "${raw.carts}")`;
  const seed = num(raw.seed, 'seed', 0, 2 ** 31 - 1);
  if (typeof seed === 'string') return seed;
  const minutes = num(raw.minutes, 'minutes', 1, 24 * 60);
  if (typeof minutes === 'string') return minutes;
  const speed = num(raw.speed, 'speed', 1, 1000);
  if (typeof speed === 'string') return speed;
  const profile = raw.profile ?? 'mixed';
  if (!(CART_PROFILES as readonly string[]).includes(profile))
    return `--profile must be one of ${CART_PROFILES.join(', ')} (got "${profile}")`;
  return {
    baseUrl: raw.http,
    event: raw.event ?? 'wic2017',
    email: raw.email ?? 'organiser@wic2017.example.org',
    password: raw.password ?? 'wuzhen-demo-2017',
    carts,
    seed: seed ?? 2017,
    profile: profile as CartProfile,
    minutes,
    speed: speed ?? 1,
  };
}

/** The figures of a cart run as the CLI prints them: key, label, format. */
export const METRIC_ROWS: Array<[keyof CartMetrics, string, (n: number) => string]> = [
  ['requests', 'calls', String],
  ['served', 'served within the maximum wait', String],
  ['serviceRate', 'service rate', (n) => `${(n * 100).toFixed(1)} %`],
  ['waitMean', 'wait mean (s)', (n) => n.toFixed(0)],
  ['waitP95', 'wait P95 (s)', (n) => n.toFixed(0)],
  ['waitMax', 'wait max (s)', (n) => n.toFixed(0)],
  ['rideRatioMean', 'ride / direct, mean', (n) => n.toFixed(2)],
  ['rideRatioP95', 'ride / direct, P95', (n) => n.toFixed(2)],
  ['cartKm', 'cart-km', (n) => n.toFixed(1)],
  ['emptyCartKm', 'empty cart-km', (n) => n.toFixed(1)],
  ['decisionP95Ms', 'decision P95 (ms)', (n) => n.toFixed(2)],
  ['violations', 'violations', String],
];

/** The replay's figures beside the in-process simulator's on the same slice and fleet size. */
export function replayTable(opts: HttpReplayOptions, carts: number, r: HttpReplayReport, inProcess: CartMetrics): string {
  const head = `${carts} carts, profile ${opts.profile}, seed ${opts.seed}, ${opts.minutes ?? 'all'} minutes at ${opts.speed}× through ${opts.baseUrl}`;
  const all = [['', 'over HTTP', 'in-process'], ...METRIC_ROWS.map(([key, label, fmt]) => [label, fmt(r.dispatcher[key]), fmt(inProcess[key])])];
  const w = [0, 1, 2].map((i) => Math.max(...all.map((l) => l[i]!.length)));
  const line = (l: string[]) => `${l[0]!.padEnd(w[0]!)}  ${l[1]!.padStart(w[1]!)}  ${l[2]!.padStart(w[2]!)}`;
  const d = r.details;
  return [
    head,
    ...all.map(line),
    `over HTTP: ${d.answered}/${d.calls} calls answered, ${d.refused} refused at once, ${d.noShows} no-shows, ${d.late} picked up late, ${(d.pooledShare * 100).toFixed(0)} % of rides shared, ${d.turnedBack} turns back`,
    `rides at the end: ${Object.entries(d.statuses)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    ...d.notes.slice(0, 20),
  ].join('\n');
}

/** `huiwu simulate carts --http <baseUrl> …`: usage errors exit 2, a failed replay 1. */
export async function runSimulateHttp(raw: HttpRawOptions & { json?: boolean }): Promise<void> {
  const opts = parseHttpOptions(raw);
  if (typeof opts === 'string') {
    console.error(`error: ${opts}`);
    process.exit(2);
  }
  try {
    const report = await replayOverHttp(opts, (line) => process.stderr.write(`${line}\n`));
    if (raw.json) console.log(JSON.stringify({ dispatcher: report.dispatcher }));
    else {
      const carts = report.details.cartsInService;
      console.log(replayTable(opts, carts, report, inProcessSlice(carts, opts.seed, opts.profile, opts.minutes)));
    }
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
