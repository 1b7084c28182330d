import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import * as platformMigration from '../../src/platform/db/migrations/0010_platform_outbox_jobs.js';
import { BullJobs } from '../../src/platform/jobs/bull-jobs.js';
import { DbJobs } from '../../src/platform/jobs/db-jobs.js';
import type { JobHandler, Jobs, JobView } from '../../src/platform/jobs/jobs.js';
import { scratchDatabase } from './scratch-db.js';

const redisUrl = inject('redisUrl');
const pgUrl = inject('pgUrl');

/** One storage (a database, or a Redis namespace) that instances share and that outlives them. */
interface Storage {
  /** an instance: a worker of its own on the shared storage */
  instance(): Jobs;
  /** this instance's clock: stepped for the embedded jobs, the wall clock for BullMQ */
  now(): number;
  /** lets time pass (a step of the stepped clock, a few real milliseconds) and lets due work run */
  advance(): Promise<void>;
  /** the instance dies mid-job, as kill -9 would leave it */
  kill(jobs: Jobs): Promise<void>;
  /** how long after a death its job is taken over */
  leaseMs: number;
  /** back-off used by the suite: big on the stepped clock, small on the wall clock */
  backoffMs: number;
  dispose(): Promise<void>;
}

async function embedded(kind: 'sqlite' | 'postgres'): Promise<Storage> {
  const scratch = await scratchDatabase(kind, pgUrl);
  const first = scratch.open();
  await platformMigration.up(first.db as never);
  let clock = Date.parse('2026-12-01T08:00:00Z');
  const instances: DbJobs[] = [];
  const leaseMs = 30_000;
  return {
    instance() {
      const jobs = new DbJobs({ db: instances.length ? scratch.open().db : first.db, dialect: kind, now: () => clock, pollMs: 0, leaseMs });
      instances.push(jobs);
      return jobs;
    },
    now: () => clock,
    async advance() {
      clock += 100;
      for (const j of instances) await j.runDue();
    },
    async kill(jobs) {
      (jobs as DbJobs).kill();
    },
    leaseMs,
    backoffMs: 1000,
    async dispose() {
      for (const j of instances) j.kill();
      await scratch.dispose();
    },
  };
}

async function bull(): Promise<Storage> {
  const namespace = `huiwu:test:${randomUUID()}`;
  const instances: BullJobs[] = [];
  return {
    instance() {
      const jobs = new BullJobs({ url: redisUrl!, namespace, lockMs: 600, stalledCheckMs: 300 });
      instances.push(jobs);
      return jobs;
    },
    now: () => Date.now(),
    advance: () => new Promise((r) => setTimeout(r, 20)),
    kill: (jobs) => (jobs as BullJobs).kill(),
    leaseMs: 600,
    backoffMs: 100,
    async dispose() {
      await Promise.allSettled(instances.map((j) => j.close()));
      const redis = new Redis(redisUrl!);
      const keys = await redis.keys(`${namespace}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
}

const implementations: Array<[string, () => Promise<Storage>]> = [['embedded on SQLite', () => embedded('sqlite')]];
if (pgUrl) implementations.push(['embedded on PostgreSQL', () => embedded('postgres')]);
if (redisUrl) implementations.push(['BullMQ on Redis', bull]);

describe.each(implementations)('jobs contract: %s', (_name, make) => {
  let storage: Storage;
  afterEach(async () => {
    await storage?.dispose();
  });
  const setup = async () => (storage = await make());
  /** lets time pass until the job is in one of `statuses` */
  const until = async (jobs: Jobs, name: string, key: string, statuses: string[], steps = 600): Promise<JobView> => {
    for (let i = 0; i < steps; i++) {
      const job = await jobs.find(name, key);
      if (job && statuses.includes(job.status)) return job;
      await storage.advance();
    }
    throw new Error(`job ${name}/${key} never reached ${statuses.join(' or ')}`);
  };

  it('runs a job once, keeping its result where every instance sees it', async () => {
    await setup();
    const jobs = storage.instance();
    const runs: unknown[] = [];
    jobs.handle('badges.batch', async (payload) => {
      runs.push(payload);
      return { file: 'badge-batch-1.pdf' };
    });
    jobs.start();
    const queued = await jobs.enqueue('badges.batch', { eventId: 1 }, { key: 'b1' });
    expect(queued).toMatchObject({ name: 'badges.batch', key: 'b1', payload: { eventId: 1 } });
    await until(jobs, 'badges.batch', 'b1', ['done']);
    expect(await storage.instance().find('badges.batch', 'b1')).toMatchObject({ status: 'done', attempts: 1, progress: 100, result: { file: 'badge-batch-1.pdf' }, error: null });
    for (let i = 0; i < 5; i++) await storage.advance();
    expect(runs).toEqual([{ eventId: 1 }]);
    expect(await jobs.find('badges.batch', 'nope')).toBeNull();
  });

  it('retries a failing job with exponential back-off, and gives up after its last attempt', async () => {
    await setup();
    const jobs = storage.instance();
    const at: number[] = [];
    const flaky: JobHandler = async () => {
      at.push(storage.now());
      if (at.length < 3) throw new Error(`smtp down (${at.length})`);
      return 'sent';
    };
    jobs.handle('mail.send', flaky);
    jobs.handle('mail.hopeless', async () => {
      throw new Error('mailbox does not exist');
    });
    jobs.onError = () => undefined;
    jobs.start();
    const b = storage.backoffMs;
    await jobs.enqueue('mail.send', {}, { key: 'm1', backoffMs: b, maxAttempts: 5 });
    await jobs.enqueue('mail.hopeless', {}, { key: 'm2', backoffMs: b, maxAttempts: 2 });
    expect(await until(jobs, 'mail.send', 'm1', ['done'])).toMatchObject({ status: 'done', attempts: 3, result: 'sent' });
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(b);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(2 * b);
    expect(await until(jobs, 'mail.hopeless', 'm2', ['failed'])).toMatchObject({ status: 'failed', attempts: 2, error: 'mailbox does not exist' });
  });

  it('shows a running job’s progress to another instance', async () => {
    await setup();
    const worker = storage.instance();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reported!: () => void;
    const halfway = new Promise<void>((r) => (reported = r));
    worker.handle('badges.batch', async (_p, job) => {
      await job.progress(40, '4 of 10');
      reported();
      await gate;
      return null;
    });
    worker.start();
    await worker.enqueue('badges.batch', {}, { key: 'b2' });
    const ticking = storage.advance();
    await halfway;
    expect(await storage.instance().find('badges.batch', 'b2')).toMatchObject({ status: 'running', progress: 40, note: '4 of 10', attempts: 1 });
    release();
    await ticking;
    expect(await until(worker, 'badges.batch', 'b2', ['done'])).toMatchObject({ status: 'done', progress: 100 });
  });

  it('survives a restart: a new worker runs what was queued and takes over the job of one that died', async () => {
    await setup();
    const dying = storage.instance();
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    dying.handle('badges.batch', async () => {
      started();
      await new Promise(() => undefined); // the process dies before this returns
    });
    dying.start();
    await dying.enqueue('badges.batch', { batch: 'A' }, { key: 'mid-batch' });
    void storage.advance();
    await running;
    await storage.kill(dying);
    const before = storage.instance();
    await before.enqueue('notices.publish', { noticeId: 3 }, { key: 'n3' });
    await before.close();

    const next = storage.instance();
    const done: unknown[] = [];
    next.handle('badges.batch', async (payload, job) => {
      done.push({ payload, attempt: job.attempt });
      return 'rendered';
    });
    next.handle('notices.publish', async (payload) => {
      done.push(payload);
      return null;
    });
    next.start();
    const taken = await until(next, 'badges.batch', 'mid-batch', ['done'], Math.ceil((storage.leaseMs * 20) / 100) + 600);
    expect(taken).toMatchObject({ status: 'done', attempts: 2, result: 'rendered' });
    await until(next, 'notices.publish', 'n3', ['done']);
    expect(done).toContainEqual({ payload: { batch: 'A' }, attempt: 2 });
    expect(done).toContainEqual({ noticeId: 3 });
  });

  it('deduplicates by key: a second enqueue returns the first job and nothing runs twice', async () => {
    await setup();
    const jobs = storage.instance();
    const runs: unknown[] = [];
    jobs.handle('carts.reoptimise', async (payload) => void runs.push(payload));
    const first = await jobs.enqueue('carts.reoptimise', { slot: 1 }, { key: 'slot-1' });
    const again = await storage.instance().enqueue('carts.reoptimise', { slot: 'other' }, { key: 'slot-1' });
    expect(again.id).toBe(first.id);
    expect(again.payload).toEqual({ slot: 1 });
    jobs.start();
    await until(jobs, 'carts.reoptimise', 'slot-1', ['done']);
    expect((await jobs.enqueue('carts.reoptimise', { slot: 'late' }, { key: 'slot-1' })).status).toBe('done');
    for (let i = 0; i < 5; i++) await storage.advance();
    expect(runs).toEqual([{ slot: 1 }]);
  });
});
