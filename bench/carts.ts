/**
 * The cart dispatcher's bench (issue 5): the same seeded demand through the pooling dispatcher and the baseline for
 * 20, 40 and 60 carts, checked against the aims; the decision time with 60 carts and 200 open requests; and the
 * nine Cordeau (2006) dial-a-ride instances solved with the same insertion logic. In-process and CPU-bound: the
 * simulated figures are exact for the seed, only the milliseconds depend on the machine.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { solveDarpFile, type DarpReport } from '../src/cli/darp.js';
import { replayOverHttp } from '../src/cli/replay-over-http.js';
import { inProcessSlice } from '../src/cli/replay-report.js';
import { parseHttpOptions } from '../src/cli/simulate-http.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { createHuiwu } from '../src/main.js';
import { reoptimiseCarts } from '../src/modules/logistics/index.js';
import { loadConfig } from '../src/platform/config.js';
import { simulateBoth } from '../src/cli/simulate.js';
import { demoSimInput, seededRandom, type CartProfile } from '../src/demo/cart-demand.js';
import { DEMO_CART_RULES } from '../src/demo/wic2017-carts.js';
import { initialState, poolingDispatcher, shortestPaths, type CartRequest, type DispatchState } from '../src/engines/dispatch/index.js';
import { percentile, type CartMetrics, type SimDetails } from '../src/engines/dispatch/simulate.js';

const FLEETS = [20, 40, 60];
const AIMS = { waitP95Ratio: 0.8, cartKmRatio: 0.9, serviceRate: 0.98, decisionP95Ms: 200 };
const CORDEAU = fileURLToPath(new URL('../tests/fixtures/darp/cordeau2006/', import.meta.url));

export interface FleetResult {
  carts: number;
  dispatcher: CartMetrics;
  baseline: CartMetrics;
  details: { dispatcher: SimDetails; baseline: SimDetails };
  ratios: { waitP95: number; cartKm: number; cartKmPerServed: number };
  aims: { waitP95: boolean; cartKm: boolean; service: boolean; violations: boolean };
}

export interface CartsResult {
  profile: CartProfile;
  seed: number;
  calls: number;
  fleets: FleetResult[];
  decision: {
    carts: number;
    open: number;
    samples: number;
    requestP95Ms: number;
    requestMaxMs: number;
    reoptimiseP95Ms: number;
    aimMet: boolean;
  };
  cordeau: Array<{ instance: string } & Pick<DarpReport, 'feasible' | 'distance' | 'violations' | 'ms' | 'served' | 'requests'>>;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : 0);

/**
 * A state with `open` requests called at the same moment under the demo's rules (so plans grow to 10–12 stops), then
 * `samples` further requests each decided against that same state.
 */
function decisionTime(carts: number, open: number, samples: number): CartsResult['decision'] {
  const input = demoSimInput(carts, 99, 'day');
  const paths = shortestPaths(input.nodes, input.links);
  const rnd = seededRandom(7);
  const node = () => Math.floor(rnd() * input.nodes);
  const { maxWaitSeconds: maxWait, maxRideFactor } = DEMO_CART_RULES;
  const ask = (id: string): CartRequest => {
    const origin = node();
    let destination = node();
    if (destination === origin) destination = (origin + 1 + Math.floor(rnd() * (input.nodes - 1))) % input.nodes;
    return { id, origin, destination, party: 1 + Math.floor(rnd() * 3), wheelchair: false, requestedAt: 0, maxWait, maxRideFactor };
  };
  let state: DispatchState = initialState(paths.travel, input.carts, 0, 120, { dwell: 20, noShowReserve: 120 });
  for (let i = 0; state.requests.length < open && i < open * 5; i++) state = poolingDispatcher.request(state, ask(`o${i}`), 0).state;
  const request: number[] = [];
  const reoptimise: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    poolingDispatcher.request(state, ask(`s${i}`), 0);
    request.push(performance.now() - t0);
  }
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    poolingDispatcher.reoptimise(state, 0);
    reoptimise.push(performance.now() - t0);
  }
  const p95 = percentile(request, 95);
  return {
    carts,
    open: state.requests.length,
    samples,
    requestP95Ms: Math.round(p95 * 100) / 100,
    requestMaxMs: Math.round(Math.max(...request) * 100) / 100,
    reoptimiseP95Ms: Math.round(percentile(reoptimise, 95) * 10) / 10,
    aimMet: p95 <= AIMS.decisionP95Ms,
  };
}

export function benchCarts(log: (line: string) => void, profile: CartProfile = 'mixed', seed = 2017): CartsResult {
  const fleets: FleetResult[] = [];
  for (const carts of FLEETS) {
    const r = simulateBoth({ carts, seed, profile }, log);
    const d = r.dispatcher;
    const b = r.baseline;
    const ratios = {
      waitP95: ratio(d.waitP95, b.waitP95),
      cartKm: ratio(d.cartKm, b.cartKm),
      cartKmPerServed: ratio(d.cartKm / Math.max(1, d.served), b.cartKm / Math.max(1, b.served)),
    };
    fleets.push({
      carts,
      ...r,
      ratios,
      aims: {
        waitP95: ratios.waitP95 <= AIMS.waitP95Ratio,
        cartKm: ratios.cartKm <= AIMS.cartKmRatio,
        service: d.serviceRate >= AIMS.serviceRate,
        violations: d.violations === 0,
      },
    });
  }
  log('decision time: 60 carts, 200 open requests …');
  const decision = decisionTime(60, 200, 200);
  log('Cordeau instances …');
  const cordeau = readdirSync(CORDEAU)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const res = solveDarpFile(join(CORDEAU, f));
      if (!res.ok) throw new Error(res.message);
      const { feasible, distance, violations, ms, served, requests } = res.value;
      return { instance: f.replace(/\.txt$/, ''), feasible, distance, violations, ms, served, requests };
    });
  return { profile, seed, calls: fleets[0]!.dispatcher.requests, fleets, decision, cordeau };
}

const pad = (rows: string[][]) => {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!)))
      .join('  ')
      .trimEnd(),
  );
};
const mark = (ok: boolean) => (ok ? '✓' : '✗');

export function cartsTables(r: CartsResult): string {
  const head = [
    'carts',
    'who',
    'service',
    'wait mean',
    'P95',
    'max',
    'ride mean',
    'ride P95',
    'cart-km',
    'empty km',
    'decision P95 ms',
    'violations',
  ];
  const rows = [head];
  for (const f of r.fleets) {
    for (const [who, m] of [
      ['dispatcher', f.dispatcher],
      ['baseline', f.baseline],
    ] as const) {
      rows.push([
        String(f.carts),
        who,
        `${(m.serviceRate * 100).toFixed(1)} %`,
        m.waitMean.toFixed(0),
        m.waitP95.toFixed(0),
        m.waitMax.toFixed(0),
        m.rideRatioMean.toFixed(2),
        m.rideRatioP95.toFixed(2),
        m.cartKm.toFixed(1),
        m.emptyCartKm.toFixed(1),
        m.decisionP95Ms.toFixed(2),
        String(m.violations),
      ]);
    }
  }
  const aims = pad([
    ['carts', 'P95 wait ratio (≤ 0.8)', 'cart-km ratio (≤ 0.9)', 'km per served rider ratio', 'service ≥ 98 %', '0 violations'],
    ...r.fleets.map((f) => [
      String(f.carts),
      `${f.ratios.waitP95.toFixed(2)} ${mark(f.aims.waitP95)}`,
      `${f.ratios.cartKm.toFixed(2)} ${mark(f.aims.cartKm)}`,
      f.ratios.cartKmPerServed.toFixed(2),
      `${(f.dispatcher.serviceRate * 100).toFixed(1)} % ${mark(f.aims.service)}`,
      `${f.dispatcher.violations} ${mark(f.aims.violations)}`,
    ]),
  ]);
  const d = r.decision;
  const cordeau = pad([
    ['instance', 'served', 'feasible', 'distance', 'violations', 'ms'],
    ...r.cordeau.map((c) => [
      c.instance,
      `${c.served}/${c.requests}`,
      c.feasible ? 'yes' : 'NO',
      c.distance.toFixed(2),
      String(c.violations),
      c.ms.toFixed(0),
    ]),
  ]);
  return [
    `Carts: ${r.calls} calls (profile ${r.profile}, seed ${r.seed}), the same demand for both; waits in s, ride = ride time / direct time`,
    ...pad(rows),
    '',
    'Carts: dispatcher / baseline against the aims',
    ...aims,
    '',
    `Carts: decision time with ${d.carts} carts and ${d.open} open requests: request P95 ${d.requestP95Ms} ms (max ${d.requestMaxMs} ms, ${d.samples} samples) ${mark(d.aimMet)} (aim ≤ ${AIMS.decisionP95Ms} ms); a whole re-optimisation P95 ${d.reoptimiseP95Ms} ms`,
    '',
    'Cordeau (2006) dial-a-ride instances, solved by insertion',
    ...cordeau,
  ].join('\n');
}

/** The HTTP replay (`huiwu simulate carts --http`) timed: in real time at 60× as the CLI runs it, and on the tests' stepped clock. */
export interface CartsHttpResult {
  minutes: number;
  carts: number;
  speed: number;
  runs: Array<{ clock: 'real time' | 'stepped'; seconds: number; answered: number; calls: number; metrics: CartMetrics; late: number }>;
  inProcess: CartMetrics;
}

/**
 * The first 15 minutes of the seeded demand with 10 carts through an in-process server on a fresh SQLite file:
 * once in real time (its carts' clock at HUIWU_SIM_CLOCK_RATE=60, as `huiwu simulate carts --http --speed 60` needs),
 * once stepped (its clock stepped with the replay's, as tests/e2e/simulate-http.test.ts runs it). The real-time run
 * says whether the server keeps up at 60× on this machine (its figures beside the in-process simulator's); the
 * stepped run's seconds are the test's cost.
 */
export async function benchCartsHttp(log: (line: string) => void, minutes = 15, fleet = 10, speed = 60): Promise<CartsHttpResult> {
  const runs: CartsHttpResult['runs'] = [];
  for (const clock of ['real time', 'stepped'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'huiwu-bench-carts-'));
    const env = { HUIWU_LOG_LEVEL: 'silent', HUIWU_RIDE_RATE: '100000', HUIWU_RIDE_RATE_PHONE: '100000', HUIWU_FILES_DIR: dir };
    const config = {
      ...loadConfig(clock === 'real time' ? { ...env, HUIWU_SIM_CLOCK_RATE: String(speed) } : env),
      database: { kind: 'sqlite' as const, file: join(dir, 'huiwu.sqlite') },
    };
    // stepped, the replay's clock runs the re-optimiser's rounds: the server's own are a day apart
    const huiwu = await createHuiwu(config, { webRoot: null, ...(clock === 'stepped' ? { cartTickMs: 24 * 3600_000 } : {}) });
    try {
      const demo = await loadDemo(huiwu.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
      if (!demo.ok) throw new Error(`demo did not load: ${demo.code}`);
      const url = await huiwu.app.listen({ port: 0, host: '127.0.0.1' });
      const opts = parseHttpOptions({ http: url, minutes: String(minutes), speed: String(speed), carts: String(fleet) });
      if (typeof opts === 'string') throw new Error(opts);
      let at = huiwu.deps.now();
      if (clock === 'stepped') huiwu.deps.now = () => at;
      log(`carts over HTTP, ${clock}: ${minutes} minutes, ${fleet} carts`);
      const t0 = performance.now();
      const report = await replayOverHttp(
        opts,
        undefined,
        clock === 'stepped'
          ? { step: (ms) => (at += ms), tick: async () => (await reoptimiseCarts(huiwu.deps)).moved, tickSeconds: 20 }
          : undefined,
      );
      const seconds = Math.round((performance.now() - t0) / 100) / 10;
      runs.push({
        clock,
        seconds,
        answered: report.details.answered,
        calls: report.details.calls,
        metrics: report.dispatcher,
        late: report.details.late,
      });
    } finally {
      await huiwu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { minutes, carts: fleet, speed, runs, inProcess: inProcessSlice(fleet, 2017, 'mixed', minutes) };
}

export function cartsHttpTable(r: CartsHttpResult): string {
  const rows = [
    ['clock', 'seconds', 'answered', 'served', 'wait mean', 'wait P95', 'cart-km', 'late', 'decision P95 ms', 'violations'],
    ...r.runs.map((x) => [
      x.clock,
      x.seconds.toFixed(1),
      `${x.answered}/${x.calls}`,
      String(x.metrics.served),
      x.metrics.waitMean.toFixed(0),
      x.metrics.waitP95.toFixed(0),
      x.metrics.cartKm.toFixed(1),
      String(x.late),
      x.metrics.decisionP95Ms.toFixed(1),
      String(x.metrics.violations),
    ]),
    [
      'in-process',
      '',
      '',
      String(r.inProcess.served),
      r.inProcess.waitMean.toFixed(0),
      r.inProcess.waitP95.toFixed(0),
      r.inProcess.cartKm.toFixed(1),
      '',
      '',
      String(r.inProcess.violations),
    ],
  ];
  return `Carts over HTTP: ${r.minutes} minutes of seed 2017 (mixed), ${r.carts} carts, SQLite; real time at ${r.speed}×\n${pad(rows).join('\n')}`;
}
