import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  CART_ROUND_JOB,
  handleCartRounds,
  startCartReoptimiser,
  type CartRoundPayload,
} from '../../src/modules/logistics/reoptimise-carts.js';
import type { Deps } from '../../src/platform/deps.js';
import { BullJobs } from '../../src/platform/jobs/bull-jobs.js';
import { DbJobs } from '../../src/platform/jobs/db-jobs.js';
import type { Jobs } from '../../src/platform/jobs/jobs.js';
import { expectStatus } from '../support/fixtures.js';
import { steppedClock } from '../support/clock.js';
import { callRide, rideId, setupCartEvent, type CartFixture, type Ride } from '../support/carts-fixture.js';
import { databases, startTestApp, type TestApp } from '../support/harness.js';

/**
 * The carts' re-optimiser runs on the jobs port: a job per round keyed by its tick window, in the jobs table
 * (embedded) or on BullMQ (cluster). Two instances share the rounds, never run one twice, and a killed instance's
 * round is taken over. Each "instance" is a jobs worker of its own with the logistics module's round handler on
 * the test app's database.
 */

const redisUrl = inject('redisUrl');
const EVERY = 20_000;

interface Run {
  instance: string;
  round: number;
  attempt: number;
}

/** The instance's deps (its own jobs worker, the given clock) with the logistics round handler, runs logged. */
function instance(app: TestApp, name: string, jobs: Jobs, runs: Run[], now: () => number, gate?: (round: number) => Promise<void>): Deps {
  const handle = jobs.handle.bind(jobs);
  jobs.handle = (job, handler) =>
    handle(job, async (payload, ctx) => {
      const round = (payload as CartRoundPayload).round;
      runs.push({ instance: name, round, attempt: ctx.attempt });
      await gate?.(round);
      return handler(payload, ctx);
    });
  const deps: Deps = { ...app.deps, jobs, now };
  handleCartRounds(deps);
  return deps;
}

async function oneRide(app: TestApp): Promise<number> {
  const res = await callRide(app, { from: 'C', to: 'D', party: 1, phone: '+86 138 0000 0031' });
  expectStatus(res, 201);
  const id = await rideId(app, res.json<Ride>().token);
  // an ETA no round would leave: a round's work shows as a fresh one
  await app.deps.db.updateTable('cart_rides').set({ pickup_eta: 1 }).where('id', '=', id).execute();
  return id;
}
const etaOf = async (app: TestApp, id: number) =>
  Number((await app.deps.db.selectFrom('cart_rides').select('pickup_eta').where('id', '=', id).executeTakeFirstOrThrow()).pickup_eta);

const roundRows = (app: TestApp) =>
  app.deps.db
    .withTables<{ jobs: { name: string; key: string; status: string } }>()
    .selectFrom('jobs')
    .select(['key', 'status'])
    .where('name', '=', CART_ROUND_JOB)
    .orderBy('key')
    .execute();

describe.each(databases())('the carts re-optimiser on the jobs table (%s)', (kind) => {
  let app: TestApp;
  let f: CartFixture;
  const workers: DbJobs[] = [];

  beforeEach(async () => {
    app = await startTestApp(kind, {}, { webRoot: null });
    f = await setupCartEvent(app);
    // the app's own worker (on the wall clock) stays out: the instances below are the only ones working
    await app.deps.jobs.close();
    await app.deps.db.withTables<{ jobs: { name: string } }>().deleteFrom('jobs').where('name', '=', CART_ROUND_JOB).execute();
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) w.kill();
    await app?.dispose();
  });

  const worker = (now: () => number) => {
    const jobs = new DbJobs({ db: app.deps.db, dialect: app.deps.dialect, now, pollMs: 0, leaseMs: 30_000 });
    workers.push(jobs);
    return jobs;
  };

  it('runs one round per tick for two instances, through the jobs table, each round once, re-optimising in it; an instance started later goes on from the queued round', async () => {
    expect(f.eventId).toBeGreaterThan(0);
    const ride = await oneRide(app);
    const clock = steppedClock(Math.ceil(Date.now() / EVERY) * EVERY + 1);
    const runs: Run[] = [];
    const a = worker(clock.now);
    const b = worker(clock.now);
    const deps = [instance(app, 'a', a, runs, clock.now), instance(app, 'b', b, runs, clock.now)];
    // both instances start their re-optimiser: they ask for the same next round, which is queued once
    for (const d of deps) await startCartReoptimiser(d, EVERY, (err) => expect.fail(String(err)), { now: clock.now })();
    const first = Math.floor(clock.now() / EVERY) + 1;
    expect(await roundRows(app)).toEqual([{ key: `every-${EVERY}-round-${first}`, status: 'queued' }]);
    // not due before its window
    await a.runDue();
    await b.runDue();
    expect(runs).toEqual([]);

    for (let i = 0; i < 6; i++) {
      clock.step(EVERY);
      // both look for due work each tick, in turn first
      for (const w of i % 2 ? [b, a] : [a, b]) await w.runDue();
    }
    expect(runs.map((r) => r.round)).toEqual([0, 1, 2, 3, 4, 5].map((i) => first + i));
    expect(runs.map((r) => r.instance)).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(runs.every((r) => r.attempt === 1)).toBe(true);
    expect(await etaOf(app, ride)).toBeGreaterThan(clock.now() - 60_000);
    // done rounds are forgotten; the next one waits in the table
    expect(await roundRows(app)).toEqual([{ key: `every-${EVERY}-round-${first + 6}`, status: 'queued' }]);

    // both stop; an instance started afterwards finds the queued round (asking for it adds none) and runs it
    await a.close();
    await b.close();
    const c = worker(clock.now);
    await startCartReoptimiser(instance(app, 'c', c, runs, clock.now), EVERY, (err) => expect.fail(String(err)), { now: clock.now })();
    expect(await roundRows(app)).toEqual([{ key: `every-${EVERY}-round-${first + 6}`, status: 'queued' }]);
    clock.step(EVERY);
    await c.runDue();
    expect(runs.at(-1)).toEqual({ instance: 'c', round: first + 6, attempt: 1 });
  });

  it("takes over a killed instance's round once its lease lapses, and the rounds go on from the survivor", async () => {
    const ride = await oneRide(app);
    const clock = steppedClock(Math.ceil(Date.now() / EVERY) * EVERY + 1);
    const runs: Run[] = [];
    const a = worker(clock.now);
    const b = worker(clock.now);
    // instance a hangs in its round (the process is about to die)
    const depsA = instance(app, 'a', a, runs, clock.now, () => new Promise<void>(() => undefined));
    const depsB = instance(app, 'b', b, runs, clock.now);
    for (const d of [depsA, depsB]) await startCartReoptimiser(d, EVERY, (err) => expect.fail(String(err)), { now: clock.now })();
    const first = Math.floor(clock.now() / EVERY) + 1;
    clock.step(EVERY);
    void a.runDue();
    await expect.poll(() => runs.length).toBe(1);
    a.kill();
    expect(await roundRows(app)).toEqual([{ key: `every-${EVERY}-round-${first}`, status: 'running' }]);
    // within the lease nobody else takes the round
    clock.step(10_000);
    await b.runDue();
    expect(runs).toHaveLength(1);
    clock.step(25_000);
    await b.runDue();
    expect(runs).toEqual([
      { instance: 'a', round: first, attempt: 1 },
      { instance: 'b', round: first, attempt: 2 },
    ]);
    expect(await etaOf(app, ride)).toBeGreaterThan(1);
    const next = Math.floor(clock.now() / EVERY) + 1;
    expect(await roundRows(app)).toEqual([{ key: `every-${EVERY}-round-${next}`, status: 'queued' }]);
    clock.step(EVERY);
    await b.runDue();
    expect(runs.at(-1)).toEqual({ instance: 'b', round: next, attempt: 1 });
  });
});

describe.runIf(redisUrl)('the carts re-optimiser on BullMQ', () => {
  let app: TestApp;
  const namespace = `huiwu:test:${randomUUID()}`;
  const workers: BullJobs[] = [];

  beforeEach(async () => {
    app = await startTestApp('sqlite', {}, { webRoot: null });
    await setupCartEvent(app);
  });
  afterEach(async () => {
    await Promise.allSettled(workers.splice(0).map((w) => w.close()));
    await app?.dispose();
    const redis = new Redis(redisUrl!);
    const keys = await redis.keys(`${namespace}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('shares the rounds between two instances, each round once, and re-optimises in them', async () => {
    const ride = await oneRide(app);
    // BullMQ runs on the wall clock: short rounds
    const every = 150;
    const runs: Run[] = [];
    const stops: Array<() => Promise<void>> = [];
    for (const name of ['a', 'b']) {
      const jobs = new BullJobs({ url: redisUrl!, namespace, lockMs: 2000, stalledCheckMs: 1000 });
      workers.push(jobs);
      const deps = instance(app, name, jobs, runs, app.deps.now);
      jobs.start();
      stops.push(startCartReoptimiser(deps, every, (err) => expect.fail(String(err))));
    }
    await expect.poll(() => runs.length, { timeout: 10_000, interval: 50 }).toBeGreaterThanOrEqual(6);
    for (const stop of stops) await stop();
    const rounds = runs.map((r) => r.round);
    expect(new Set(rounds).size).toBe(rounds.length);
    expect(rounds).toEqual([...rounds].sort((x, y) => x - y));
    expect(await etaOf(app, ride)).toBeGreaterThan(1);
    const bull = workers[0]!;
    const last = Math.max(...rounds);
    // a round done is forgotten (removeOnDone)
    expect(await bull.find(CART_ROUND_JOB, `every-${every}-round-${rounds[0]}`)).toBeNull();
    expect(last).toBeGreaterThan(rounds[0]!);
  });
});
