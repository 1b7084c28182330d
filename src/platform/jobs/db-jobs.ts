import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Db, Dialect } from '../db/database.js';
import { DEFAULT_BACKOFF_MS, DEFAULT_MAX_ATTEMPTS, type EnqueueOptions, type JobHandler, type Jobs, type JobStatus, type JobView } from './jobs.js';
import type { JobTable, JobTables } from './jobs.tables.js';

export interface DbJobsOptions {
  db: Db;
  dialect: Dialect;
  /** the clock (epoch ms): a stepped one in tests */
  now?: () => number;
  /** how often an idle worker looks for due jobs; 0: only when told (`runDue`, or an enqueue of a due job) */
  pollMs?: number;
  /** a claimed job is this worker's for this long, renewed while it runs; a dead worker's job is taken over after it */
  leaseMs?: number;
  /** jobs run at once by this process */
  concurrency?: number;
}

type Row = Selectable<JobTable>;
const MAX_ERROR = 500;
const DAY = 24 * 3600_000;
/** the note a job to forget once done is queued with (no column of its own; read when its run starts) */
const REMOVE_ON_DONE = 'platform:remove-on-done';

const view = (r: Row): JobView => ({
  id: String(r.id),
  name: r.name,
  key: r.key,
  status: r.status as JobStatus,
  attempts: r.attempts,
  progress: r.progress,
  note: r.note,
  payload: JSON.parse(r.payload) as unknown,
  result: r.result === null ? null : (JSON.parse(r.result) as unknown),
  error: r.error,
});

/**
 * Jobs in the installation's own database. A worker claims a due job with one conditional UPDATE (PostgreSQL: the
 * candidate row FOR UPDATE SKIP LOCKED, so instances never take the same one), holds it under a lease it renews
 * while the handler runs, and records the outcome only while the job is still its own (same worker, same attempt):
 * a worker that died, or stalled past its lease, loses the job to the next one that looks.
 */
export class DbJobs implements Jobs {
  readonly workerId = randomUUID();
  onError: Jobs['onError'] = () => undefined;
  private readonly store: Kysely<JobTables>;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private closed = false;
  /** killed (tests): the process is as good as gone, it writes nothing more */
  private dead = false;
  private ticking: Promise<void> | null = null;
  private again = false;

  constructor(private readonly opts: DbJobsOptions) {
    this.store = opts.db.withTables<JobTables>() as unknown as Kysely<JobTables>;
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }
  private get leaseMs(): number {
    return this.opts.leaseMs ?? 30_000;
  }

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<JobView> {
    const now = this.now();
    const key = options.key ?? randomUUID();
    await this.store
      .insertInto('jobs')
      .values({
        name,
        key,
        payload: JSON.stringify(payload ?? null),
        status: 'queued',
        attempts: 0,
        note: options.removeOnDone ? REMOVE_ON_DONE : null,
        max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        backoff_ms: options.backoffMs ?? DEFAULT_BACKOFF_MS,
        run_at: options.runAt ?? now,
        lease_until: null,
        worker: null,
        progress: 0,
        result: null,
        error: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['name', 'key']).doNothing())
      .execute();
    const job = (await this.find(name, key))!;
    const wait = (options.runAt ?? now) - now;
    // due now, or before the next poll: no need to wait for it
    if (this.started && wait < (this.opts.pollMs ?? 1000)) setTimeout(() => void this.tick(), Math.max(0, wait)).unref();
    return job;
  }

  handle(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  async find(name: string, key: string): Promise<JobView | null> {
    const row = await this.store.selectFrom('jobs').selectAll().where('name', '=', name).where('key', '=', key).executeTakeFirst();
    return row ? view(row as Row) : null;
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    const pollMs = this.opts.pollMs ?? 1000;
    if (pollMs > 0) {
      this.timer = setInterval(() => void this.tick(), pollMs);
      this.timer.unref();
    }
    setImmediate(() => void this.tick());
  }

  /** Runs every job due now (on this worker's clock) to its outcome, including the ones those enqueue; for tests and the CLI. */
  async runDue(): Promise<void> {
    while (!this.closed) {
      await this.tick();
      if (!this.running.size) return;
      await Promise.all(this.running);
    }
  }

  /**
   * Claims due jobs while this process has free slots; one tick at a time, and a call during a tick makes it look
   * once more (its claim may have run before the job it was called for came due).
   */
  private tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      try {
        do {
          this.again = false;
          const slots = this.opts.concurrency ?? 2;
          while (!this.closed && this.running.size < slots) {
            const row = await this.claim();
            if (!row) {
              await this.prune();
              break;
            }
            const run = this.run(row).finally(() => {
              this.running.delete(run);
              if (!this.closed) setImmediate(() => void this.tick());
            });
            this.running.add(run);
          }
        } while (this.again && !this.closed);
      } catch (err) {
        if (!this.closed) this.onError(err, null);
      } finally {
        this.ticking = null;
      }
    })();
    return this.ticking;
  }

  private async claim(): Promise<Row | null> {
    const names = [...this.handlers.keys()];
    if (!names.length) return null;
    const now = this.now();
    const due = this.store
      .selectFrom('jobs')
      .select('id')
      .where('name', 'in', names)
      .where((eb) => eb.or([eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)])]))
      .orderBy('run_at')
      .orderBy('id')
      .limit(1);
    const candidate = this.opts.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
    const row = await this.store
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', worker: this.workerId, lease_until: now + this.leaseMs, attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('id', '=', candidate)
      // SQLite has no row locks: the condition again, so of two processes racing for one row only one wins
      .where((eb) => eb.or([eb('status', '=', 'queued'), eb('lease_until', '<', now)]))
      .returningAll()
      .executeTakeFirst();
    return (row as Row | undefined) ?? null;
  }

  private lastPrune = 0;
  /** finished jobs are kept a day (their results and progress readable), failed ones a week */
  private async prune(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    await this.store.deleteFrom('jobs').where('status', '=', 'done').where('updated_at', '<', now - DAY).execute();
    await this.store.deleteFrom('jobs').where('status', '=', 'failed').where('updated_at', '<', now - 7 * DAY).execute();
  }

  /** the job is still this worker's run of it: nobody took it over meanwhile */
  private mine(row: Row) {
    return this.store.updateTable('jobs').where('id', '=', row.id).where('worker', '=', this.workerId).where('attempts', '=', row.attempts);
  }

  private async run(row: Row): Promise<void> {
    const handler = this.handlers.get(row.name)!;
    const forget = row.note === REMOVE_ON_DONE;
    // renew the lease on the wall clock while the handler works, so only a dead or stuck worker loses its job
    const renew = setInterval(
      () =>
        !this.dead &&
        void this.mine(row)
          .set({ lease_until: this.now() + this.leaseMs })
          .execute()
          .catch(() => undefined),
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    renew.unref();
    try {
      const result = await handler(JSON.parse(row.payload) as unknown, {
        id: String(row.id),
        attempt: row.attempts,
        progress: async (pct, note) => {
          if (this.dead) return;
          await this.mine(row)
            .set({ progress: Math.max(0, Math.min(100, Math.round(pct))), note: note ?? null, updated_at: this.now() })
            .execute();
        },
      });
      clearInterval(renew);
      if (this.dead) return;
      if (forget) {
        await this.mine(row).set({ status: 'done' }).execute();
        await this.store.deleteFrom('jobs').where('id', '=', row.id).where('status', '=', 'done').execute();
        return;
      }
      await this.mine(row)
        .set({ status: 'done', progress: 100, result: JSON.stringify(result ?? null), error: null, lease_until: null, updated_at: this.now() })
        .execute();
    } catch (err) {
      clearInterval(renew);
      if (this.dead) return;
      this.onError(err, { name: row.name, id: String(row.id) });
      const error = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR);
      const last = row.attempts >= row.max_attempts;
      const now = this.now();
      await this.mine(row)
        .set({
          status: last ? 'failed' : 'queued',
          error,
          lease_until: null,
          run_at: last ? row.run_at : now + row.backoff_ms * 2 ** (row.attempts - 1),
          updated_at: now,
        })
        .execute()
        .catch((e: unknown) => this.onError(e, null));
    }
  }

  /** Stops taking jobs and waits for the ones under way. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.started = false;
    await this.ticking;
    await Promise.allSettled([...this.running]);
    this.closed = true;
  }

  /** Abandons running jobs as a killed process would (tests): no outcome is recorded, the leases run out. */
  kill(): void {
    if (this.timer) clearInterval(this.timer);
    this.closed = true;
    this.dead = true;
  }
}

