import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayOverHttp } from '../../src/cli/replay-over-http.js';
import { demandSlice, inProcessSlice, type HttpReplayReport } from '../../src/cli/replay-report.js';
import { parseHttpOptions } from '../../src/cli/simulate-http.js';
import { reoptimiseCarts } from '../../src/modules/logistics/index.js';
import { steppedClock } from '../support/clock.js';
import { databases, startTestApp, type TestApp } from '../support/harness.js';
import { loadDemoEvent } from '../support/fixtures.js';

/**
 * `huiwu simulate carts --http`: the first 15 minutes of the seeded demand replayed through a real server (listening
 * on a port), with 10 of the demo's 20 carts in service and one simulated driver per cart. The server's carts' clock
 * and the replay's share a stepped clock: it moves to the next call, driver event or re-optimiser round (every 20 s
 * of it, the round the jobs port runs on a server) once the requests before are answered, so the run is the same
 * every time and lasts as long as its requests. The real-time mode is the CLI's (tests/e2e/cli-simulate.test.ts);
 * its speed is measured by `npm run bench`.
 */
describe.each(databases())('the cart demand replayed over HTTP (%s)', (kind) => {
  let app: TestApp;
  let url: string;
  let report: HttpReplayReport;
  const slice = demandSlice(10, 2017, 'mixed', 15);

  beforeAll(async () => {
    // the server's own rounds (a day apart) stay out of the way: the stepped clock runs the re-optimiser's rounds
    app = await startTestApp(kind, {}, { webRoot: null, cartTickMs: 24 * 3600_000 });
    await loadDemoEvent(app);
    url = await app.app.listen({ port: 0, host: '127.0.0.1' });
    const clock = steppedClock(app.deps.now());
    app.deps.now = clock.now;
    const opts = parseHttpOptions({ http: url, minutes: '15', speed: '60', seed: '2017', profile: 'mixed', carts: '10' });
    if (typeof opts === 'string') throw new Error(opts);
    report = await replayOverHttp(opts, undefined, {
      step: (ms) => clock.step(ms),
      tick: async () => (await reoptimiseCarts(app.deps)).moved,
      tickSeconds: 20,
    });
  }, 90_000);
  afterAll(async () => app?.dispose());

  it('answers every call of the slice, and counts exactly the slice as requests', () => {
    expect(slice.calls.length).toBeGreaterThan(5);
    expect(report.details.answered).toBe(slice.calls.length);
    expect(report.dispatcher.requests).toBe(slice.calls.length);
  });

  it('serves calls, breaks no seat, ride-time, wheelchair or promise rule, and no driver report is refused', () => {
    expect(report.dispatcher.served).toBeGreaterThan(0);
    expect(report.details.violations).toEqual({ seats: 0, ride: 0, promise: 0, wheelchair: 0, engine: 0 });
    expect(report.dispatcher.violations).toBe(0);
  });

  it('on the stepped clock serves as the in-process simulator does on the same slice and fleet', () => {
    const inProcess = inProcessSlice(10, 2017, 'mixed', 15);
    expect(report.dispatcher.served).toBe(inProcess.served);
    expect(report.dispatcher.cartKm).toBeGreaterThan(inProcess.cartKm * 0.9);
    expect(report.dispatcher.cartKm).toBeLessThan(inProcess.cartKm * 1.1);
    expect(report.dispatcher.waitMax).toBeLessThanOrEqual(slice.rules.maxWaitSeconds);
  });

  it('brings the rides it took to done in the database, and leaves no ride half-assigned', async () => {
    const rides = await app.deps.db.selectFrom('cart_rides').select(['id', 'status', 'token']).execute();
    expect(rides.length).toBe(slice.calls.length);
    expect(rides.filter((r) => r.status === 'done').length).toBeGreaterThan(0);
    expect(rides.filter((r) => r.status === 'done').length).toBe(report.details.statuses['done'] ?? 0);
    const carts = await app.deps.db.selectFrom('carts').select(['code', 'plan']).execute();
    const onPlans = new Map<string, number>();
    for (const c of carts)
      for (const id of new Set((JSON.parse(c.plan) as Array<{ request: string }>).map((s) => s.request)))
        onPlans.set(id, (onPlans.get(id) ?? 0) + 1);
    for (const r of rides.filter((x) => x.status === 'assigned' || x.status === 'onboard')) expect(onPlans.get(String(r.id))).toBe(1);
    for (const id of onPlans.keys()) expect(['assigned', 'onboard']).toContain(rides.find((r) => String(r.id) === id)?.status);
  });

  it('drives exactly the 10 carts asked for, and gives the fleet back as it was (all 20 in service)', async () => {
    expect(report.details.cartsInService).toBe(10);
    const carts = await app.deps.db
      .selectFrom('cart_rides')
      .innerJoin('carts', 'carts.id', 'cart_rides.cart_id')
      .select('carts.code')
      .distinct()
      .execute();
    expect(carts.map((c) => c.code).every((code) => Number(code.slice(1)) <= 10)).toBe(true);
    const fleet = await app.deps.db.selectFrom('carts').select(['code', 'in_service']).execute();
    expect(fleet.length).toBe(20);
    expect(fleet.filter((c) => Number(c.in_service) === 1).length).toBe(20);
  });

  it('refuses a replay at a speed the server does not run', async () => {
    const opts = parseHttpOptions({ http: url, minutes: '1', speed: '30' });
    if (typeof opts === 'string') throw new Error(opts);
    await expect(replayOverHttp(opts)).rejects.toThrow(/HUIWU_SIM_CLOCK_RATE=30/);
  });
});
