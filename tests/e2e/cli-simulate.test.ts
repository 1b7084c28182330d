import { describe, expect, it } from 'vitest';
import { runHuiwu } from '../support/cli.js';
import { loadDemoEvent } from '../support/fixtures.js';
import { startTestApp } from '../support/harness.js';

/** The CLI as a user runs it: `huiwu simulate carts …` from the built CLI (no database is opened). */

const huiwu = runHuiwu;

const KEYS = [
  'cartKm',
  'decisionP95Ms',
  'emptyCartKm',
  'requests',
  'rideRatioMean',
  'rideRatioP95',
  'served',
  'serviceRate',
  'violations',
  'waitMax',
  'waitMean',
  'waitP95',
];
type M = Record<string, number>;
/** Everything but the wall-clock decision time, which differs run to run. */
const simulated = (m: M) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'decisionP95Ms'));

// each case starts child processes that simulate a whole demand: give them the time a busy 2-core machine needs
describe('huiwu simulate carts', { timeout: 120_000 }, () => {
  it('--json prints exactly { dispatcher, baseline } with the twelve figures each, the same for the same seed and different for another', async () => {
    const args = ['simulate', 'carts', '--carts', '20', '--profile', 'surge', '--json'];
    const [first, again, other] = await Promise.all([
      huiwu([...args, '--seed', '3']),
      huiwu([...args, '--seed', '3']),
      huiwu([...args, '--seed', '4']),
    ]);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout) as Record<string, M>;
    const b = JSON.parse(again.stdout) as Record<string, M>;
    const c = JSON.parse(other.stdout) as Record<string, M>;
    expect(Object.keys(a)).toEqual(['dispatcher', 'baseline']);
    for (const m of [a.dispatcher!, a.baseline!]) {
      expect(Object.keys(m).sort()).toEqual(KEYS);
      for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
      expect(m.serviceRate).toBeCloseTo(m.served! / m.requests!, 3);
    }
    expect(a.dispatcher!.violations).toBe(0);
    expect(a.dispatcher!.requests).toBe(a.baseline!.requests);
    expect(simulated(b.dispatcher!)).toEqual(simulated(a.dispatcher!));
    expect(simulated(b.baseline!)).toEqual(simulated(a.baseline!));
    expect(simulated(c.dispatcher!)).not.toEqual(simulated(a.dispatcher!));
    expect(first.stderr).toContain('simulating');
  });

  it('without --json prints a table in English, the dispatcher beside the baseline', async () => {
    const run = await huiwu(['simulate', 'carts', '--carts', '20', '--profile', 'surge', '--seed', '3']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^20 carts, profile surge, seed 3\n\s+dispatcher\s+baseline\n/);
    expect(run.stdout).toMatch(/\nservice rate\s+[\d.]+ %\s+[\d.]+ %\n/);
    expect(run.stdout).toMatch(/\nviolations\s+0\s+0\n/);
  });

  it('--http replays the demand in real time through a running server whose carts clock runs at --speed', async () => {
    // kept cheap: the first 2 minutes (one call) with 2 carts at 240×; tests/e2e/simulate-http.test.ts replays more on a stepped clock
    const app = await startTestApp('sqlite', { HUIWU_SIM_CLOCK_RATE: '240' }, { webRoot: null });
    try {
      await loadDemoEvent(app);
      const url = await app.app.listen({ port: 0, host: '127.0.0.1' });
      const run = await huiwu(['simulate', 'carts', '--http', url, '--minutes', '2', '--speed', '240', '--carts', '2', '--json']);
      expect([run.code, run.stderr]).toEqual([0, expect.stringContaining('done: 1/1 calls answered')]);
      const out = JSON.parse(run.stdout) as Record<string, M>;
      expect(Object.keys(out)).toEqual(['dispatcher']);
      expect(Object.keys(out.dispatcher!).sort()).toEqual(KEYS);
      expect(out.dispatcher!.requests).toBe(1);
      const rides = await app.deps.db.selectFrom('cart_rides').select('status').execute();
      expect(rides.map((r) => r.status)).toEqual(['done']);
    } finally {
      await app.dispose();
    }
  });

  it('bad options end with a message naming the option and exit code 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--carts', '0'], /^error: --carts must be a whole number from 1 to 500 \(got "0"\)\n$/],
      [['--carts', 'ten'], /^error: --carts must be a whole number/],
      [['--seed', '-1'], /^error: --seed must be a whole number/],
      [['--profile', 'rush'], /^error: --profile must be one of mixed, surge, day \(got "rush"\)\n$/],
      [['--fast'], /^error: unknown option '--fast'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => huiwu(['simulate', 'carts', ...args])));
    runs.forEach((run, i) => {
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr).toMatch(cases[i]![1]);
    });
    const what = await huiwu(['simulate', 'buses']);
    expect([what.code, what.stderr]).toEqual([2, 'error: unknown simulation "buses" (only "carts")\n']);
  });
});
