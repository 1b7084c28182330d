import { type Job, Queue, Worker } from 'bullmq';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { DEFAULT_BACKOFF_MS, DEFAULT_MAX_ATTEMPTS, type EnqueueOptions, type JobHandler, type Jobs, type JobStatus, type JobView } from './jobs.js';

export interface BullJobsOptions {
  url: string;
  /** the installation's Redis namespace (bus/namespace.ts): the queue lives under it */
  namespace: string;
  concurrency?: number;
  /** a running job's lock, renewed while it runs; a dead worker's job is taken over once it lapses */
  lockMs?: number;
  /** how often workers look for jobs whose worker died */
  stalledCheckMs?: number;
}

const QUEUE = 'jobs';
const STATUS: Record<string, JobStatus> = { completed: 'done', failed: 'failed', active: 'running' };
/** BullMQ ids cannot hold ':' (its key separator) */
const jobId = (name: string, key: string) => `${encodeURIComponent(name)}|${encodeURIComponent(key)}`;

interface Data {
  payload: unknown;
  key: string;
}

/** Jobs on BullMQ, for a cluster: the same port as the embedded table, its state in Redis. */
export class BullJobs implements Jobs {
  onError: Jobs['onError'] = () => undefined;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly connection: Redis;
  private readonly queue: Queue<Data>;
  private worker: Worker<Data> | null = null;

  constructor(private readonly opts: BullJobsOptions) {
    this.connection = new Redis(opts.url, { maxRetriesPerRequest: null });
    this.queue = new Queue<Data>(QUEUE, { connection: this.connection, prefix: opts.namespace });
  }

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<JobView> {
    const key = options.key ?? crypto.randomUUID();
    // an id already in the queue (waiting, running or finished) makes add a no-op: that is the deduplication
    await this.queue.add(
      name,
      { payload: payload ?? null, key },
      {
        jobId: jobId(name, key),
        delay: Math.max(0, (options.runAt ?? Date.now()) - Date.now()),
        attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        backoff: { type: 'exponential', delay: options.backoffMs ?? DEFAULT_BACKOFF_MS },
        // kept as long as the embedded table keeps them: a day done, a week failed (dedup holds while kept)
        removeOnComplete: options.removeOnDone ? true : { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
    return (await this.find(name, key))!;
  }

  handle(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  async find(name: string, key: string): Promise<JobView | null> {
    let job = (await this.queue.getJob(jobId(name, key))) as Job<Data> | undefined;
    if (!job) return null;
    const state = await job.getState();
    // the job was read while running and finished before its state was: read it again for its result or error
    if ((state === 'completed' || state === 'failed') && !job.finishedOn) job = ((await this.queue.getJob(jobId(name, key))) as Job<Data> | undefined) ?? job;
    const progress = (typeof job.progress === 'object' ? job.progress : { pct: job.progress }) as { pct?: number; note?: string };
    const status = STATUS[state] ?? 'queued';
    return {
      id: job.id!,
      name: job.name,
      key,
      status,
      attempts: Math.max(job.attemptsStarted ?? 0, job.attemptsMade),
      progress: status === 'done' ? 100 : (progress.pct ?? 0),
      note: progress.note ?? null,
      payload: job.data.payload,
      result: status === 'done' ? ((job.returnvalue as unknown) ?? null) : null,
      error: job.failedReason || null,
    };
  }

  start(): void {
    if (this.worker) return;
    this.worker = new Worker<Data>(
      QUEUE,
      async (job) => {
        const handler = this.handlers.get(job.name);
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        const result = await handler(job.data.payload, {
          id: job.id!,
          attempt: job.attemptsStarted ?? job.attemptsMade + 1,
          progress: (pct, note) => job.updateProgress({ pct: Math.max(0, Math.min(100, Math.round(pct))), note: note ?? null }),
        });
        return result ?? null;
      },
      {
        connection: this.connection,
        prefix: this.opts.namespace,
        // stored on each job it runs (BullMQ's processedBy): which instance of a cluster holds a job, for an operator
        name: `${hostname()}:${process.pid}`,
        concurrency: this.opts.concurrency ?? 2,
        lockDuration: this.opts.lockMs ?? 30_000,
        stalledInterval: this.opts.stalledCheckMs ?? 30_000,
      },
    );
    this.worker.on('failed', (job, err) => this.onError(err, job ? { name: job.name, id: job.id! } : null));
    this.worker.on('error', (err) => this.onError(err, null));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await this.connection.quit().catch(() => undefined);
  }

  /** Abandons running jobs as a killed process would (tests): the locks lapse and another worker takes them over. */
  async kill(): Promise<void> {
    await this.worker?.close(true);
    this.connection.disconnect();
  }
}
