/**
 * Background work that survives a restart: one port, two implementations. Embedded (db-jobs.ts): a `jobs` table in
 * the installation's database and a worker loop in each process. Cluster (bull-jobs.ts): BullMQ on Redis, its
 * queue under the installation's namespace. Both: a job runs once (a key deduplicates), a failure is retried with
 * exponential back-off, progress is visible to every instance, and a job whose worker died is taken over.
 */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobView {
  id: string;
  name: string;
  key: string;
  status: JobStatus;
  /** runs started so far (the one under way included) */
  attempts: number;
  /** 0–100 */
  progress: number;
  note: string | null;
  payload: unknown;
  result: unknown;
  error: string | null;
}

export interface EnqueueOptions {
  /** a second enqueue with the same name and key returns the first job instead of adding one */
  key?: string;
  /** not before this instant (epoch ms) */
  runAt?: number;
  /** runs in all, the first included (default 5) */
  maxAttempts?: number;
  /** the wait before the first retry, doubling for each next one (default 1 s) */
  backoffMs?: number;
  /** forget the job once done (recurring rounds): its key no longer deduplicates after that */
  removeOnDone?: boolean;
}

export interface JobContext {
  id: string;
  attempt: number;
  progress(pct: number, note?: string): Promise<void>;
}
export type JobHandler = (payload: unknown, job: JobContext) => Promise<unknown>;

export interface Jobs {
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<JobView>;
  /** this process works on jobs of this name (register every handler before `start`) */
  handle(name: string, handler: JobHandler): void;
  /** the job of that name and key, from any instance */
  find(name: string, key: string): Promise<JobView | null>;
  start(): void;
  close(): Promise<void>;
  /** where failures of a job's run (it will be retried) and of the worker loop go */
  onError: (err: unknown, job: { name: string; id: string } | null) => void;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;
