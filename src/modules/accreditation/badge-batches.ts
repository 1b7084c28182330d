import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { Actor, Deps } from '../../platform/deps.js';
import { createFileStore, type StoredFile } from '../../platform/files/file-store.js';
import type { JobHandler, JobView } from '../../platform/jobs/jobs.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { BadgeBatchInput, BadgeBatchView } from './badges.schema.js';
import { printBadges, selectBadges } from './print-badges.js';

/**
 * Batch printing is a job (platform/jobs): its state lives in the jobs store (the database, or Redis in a cluster)
 * and its PDF in the file store, so any instance reports its progress and serves its file, and a batch whose
 * instance died or restarted mid-way is rendered again by the next worker (a re-run records the prints again).
 */
export const BADGE_BATCH_JOB = 'badges.batch';

interface BatchPayload {
  eventId: number;
  input: BadgeBatchInput;
  actor: Actor;
  total: number;
  file: string;
}
interface BatchResult {
  done: number;
  total: number;
  file: string;
}

/** Registers the batch renderer with this instance's worker. */
export function handleBadgeBatches(deps: Deps): void {
  deps.jobs.handle(BADGE_BATCH_JOB, renderBatch(deps));
}

function renderBatch(deps: Deps): JobHandler {
  return async (payload, job) => {
    const p = payload as BatchPayload;
    const selected = await selectBadges(deps, p.eventId, p.input);
    if (!selected.ok) throw new Error(`badge selection refused: ${selected.code}`);
    const badges = selected.value;
    const total = badges.length;
    const store = createFileStore(deps.config.filesDir);
    const pipe = new PassThrough();
    const staging = store.stage(pipe);
    // one progress write per whole percent at most: a 1,500-badge batch is not 1,500 writes
    let reported = -1;
    let writing: Promise<void> = Promise.resolve();
    const onProgress = (done: number) => {
      const pct = Math.floor((done * 100) / Math.max(1, total));
      if (pct === reported) return;
      reported = pct;
      writing = writing.then(() => job.progress(pct, `${done}/${total}`)).catch(() => undefined);
    };
    try {
      await printBadges(deps, p.actor, p.eventId, badges, pipe, onProgress);
      await store.commit(await staging, p.file);
    } catch (err) {
      pipe.destroy(err as Error);
      await staging.then((s) => store.discard(s)).catch(() => {});
      throw err;
    }
    await writing;
    const result: BatchResult = { done: total, total, file: p.file };
    return result;
  };
}

/** Starts rendering the selected badges; answers at once with the job, whose progress `badgeBatch` reports. */
export async function startBadgeBatch(deps: Deps, actor: Actor, eventId: number, input: BadgeBatchInput): Promise<Result<BadgeBatchView>> {
  const selected = await selectBadges(deps, eventId, input);
  if (!selected.ok) return selected;
  const badges = selected.value;
  if (!badges.length) return refuse('no_badges', input.category ? 'category' : undefined);
  const id = randomBytes(9).toString('base64url');
  const payload: BatchPayload = { eventId, input, actor, total: badges.length, file: `badge-batch-${id}.pdf` };
  await deps.jobs.enqueue(BADGE_BATCH_JOB, payload, { key: id, maxAttempts: 3, backoffMs: 2000 });
  return ok({ id, status: 'running', done: 0, total: badges.length });
}

async function batchJob(deps: Pick<Deps, 'jobs'>, eventId: number, id: string): Promise<JobView | null> {
  const job = await deps.jobs.find(BADGE_BATCH_JOB, id);
  return job && (job.payload as BatchPayload).eventId === eventId ? job : null;
}

function view(id: string, job: JobView): BadgeBatchView {
  const p = job.payload as BatchPayload;
  if (job.status === 'done') {
    const r = job.result as BatchResult;
    return { id, status: 'done', done: r.done, total: r.total };
  }
  const [done, total] = (job.note ?? '').split('/').map(Number);
  return { id, status: job.status === 'failed' ? 'failed' : 'running', done: Number.isFinite(done) ? done! : 0, total: Number.isFinite(total) ? total! : p.total };
}

export async function badgeBatch(deps: Pick<Deps, 'jobs'>, eventId: number, id: string): Promise<Result<BadgeBatchView>> {
  const job = await batchJob(deps, eventId, id);
  if (!job) return refuse('not_found', 'id');
  return ok(view(id, job));
}

export async function badgeBatchFile(deps: Deps, eventId: number, id: string): Promise<Result<StoredFile>> {
  const job = await batchJob(deps, eventId, id);
  if (!job) return refuse('not_found', 'id');
  const state = view(id, job);
  if (state.status !== 'done') return refuse('batch_not_ready', 'id', { status: state.status });
  const file = await createFileStore(deps.config.filesDir).open((job.result as BatchResult).file);
  if (!file) return refuse('not_found', 'id');
  return ok(file);
}
