import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { Actor, Deps } from '../../platform/deps.js';
import { createFileStore, type StoredFile } from '../../platform/files/file-store.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { BadgeBatchInput, BadgeBatchView } from './badges.schema.js';
import { printBadges, selectBadges } from './print-badges.js';

/**
 * Batch printing runs in the background of the instance that received the request: the job's state lives in
 * this process's memory and its PDF in the file store. So progress and the download must be asked of the same
 * instance (behind a load balancer: sticky sessions), and a restart forgets running and finished batches
 * (their files stay until the next batch of that event replaces them). A job table would lift both limits.
 */
interface Job {
  id: string;
  eventId: number;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  key: string;
  createdAt: number;
}

/** per running Huiwu (keyed by its database handle), so two instances in one process never see each other's jobs */
const registry = new WeakMap<object, Map<string, Job>>();
function jobsOf(deps: Pick<Deps, 'db'>): Map<string, Job> {
  let jobs = registry.get(deps.db);
  if (!jobs) registry.set(deps.db, (jobs = new Map()));
  return jobs;
}
/** finished batches kept per event (their PDFs with them); older ones are forgotten and their files removed */
const KEEP = 5;

const view = (j: Job): BadgeBatchView => ({ id: j.id, status: j.status, done: j.done, total: j.total });

async function forgetOld(deps: Deps, eventId: number): Promise<void> {
  const jobs = jobsOf(deps);
  const mine = [...jobs.values()].filter((j) => j.eventId === eventId && j.status !== 'running').sort((a, b) => b.createdAt - a.createdAt);
  for (const old of mine.slice(KEEP)) {
    jobs.delete(old.id);
    await createFileStore(deps.config.filesDir).remove(old.key);
  }
}

/** Starts rendering the selected badges; answers at once with the job, whose progress `badgeBatch` reports. */
export async function startBadgeBatch(deps: Deps, actor: Actor, eventId: number, input: BadgeBatchInput): Promise<Result<BadgeBatchView>> {
  const selected = await selectBadges(deps, eventId, input);
  if (!selected.ok) return selected;
  const badges = selected.value;
  if (!badges.length) return refuse('no_badges', input.category ? 'category' : undefined);
  const id = randomBytes(9).toString('base64url');
  const job: Job = { id, eventId, status: 'running', done: 0, total: badges.length, key: `badge-batch-${id}.pdf`, createdAt: Date.now() };
  jobsOf(deps).set(id, job);
  const store = createFileStore(deps.config.filesDir);
  const pipe = new PassThrough();
  void (async () => {
    const staging = store.stage(pipe);
    try {
      await printBadges(deps, actor, eventId, badges, pipe, (done) => (job.done = done));
      await store.commit(await staging, job.key);
      job.status = 'done';
    } catch (err) {
      // the failure is the job's status, which the console shows
      job.status = 'failed';
      pipe.destroy(err as Error);
      await staging.then((s) => store.discard(s)).catch(() => {});
    }
    await forgetOld(deps, eventId);
  })();
  return ok(view(job));
}

export function badgeBatch(deps: Pick<Deps, 'db'>, eventId: number, id: string): Result<BadgeBatchView> {
  const job = jobsOf(deps).get(id);
  if (!job || job.eventId !== eventId) return refuse('not_found', 'id');
  return ok(view(job));
}

export async function badgeBatchFile(deps: Deps, eventId: number, id: string): Promise<Result<StoredFile>> {
  const job = jobsOf(deps).get(id);
  if (!job || job.eventId !== eventId) return refuse('not_found', 'id');
  if (job.status !== 'done') return refuse('batch_not_ready', 'id', { status: job.status });
  const file = await createFileStore(deps.config.filesDir).open(job.key);
  if (!file) return refuse('not_found', 'id');
  return ok(file);
}
