import { type Deps, emit, SYSTEM } from '../../platform/deps.js';
import { writeDeliveries } from './notices.store.js';

/**
 * Publishes every scheduled notice whose time has come. The conditional UPDATE is the claim: with several
 * instances at it at once, a row changes status only once, so only one instance writes its deliveries and
 * announces it. Returns the ids this call published.
 */
export async function publishDueNotices(deps: Deps, now: Date = new Date()): Promise<number[]> {
  const at = now.toISOString();
  const claimed = await deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('notices')
      .set({ status: 'published', published_at: at })
      .where('status', '=', 'scheduled')
      .where('publish_at', '<=', at)
      .returning(['id', 'event_id', 'audience_kind', 'audience_value'])
      .execute();
    const out: number[] = [];
    for (const row of rows) {
      const recipients = await writeDeliveries(trx, row);
      // in the claim's transaction (the outbox): published and announced together, or neither
      await emit(deps, SYSTEM, row.event_id, { type: 'notice.published', payload: { noticeId: row.id, recipients } }, { tx: trx });
      out.push(row.id);
    }
    return out;
  });
  if (claimed.length) await deps.bus.flush();
  return claimed;
}

export const PUBLISH_DUE_JOB = 'notices.publish-due';

/** the scheduler's round length per running Huiwu (keyed by its jobs port), set when its scheduler starts */
const rounds = new WeakMap<object, number>();

/**
 * A job for the notice's time (platform/jobs), on the scheduler's round (the next multiple of its period, 5 s by
 * default): it survives a restart, and any instance's worker may run it.
 */
export async function scheduleNotice(deps: Deps, noticeId: number, publishAt: string): Promise<void> {
  const every = rounds.get(deps.jobs) ?? DEFAULT_ROUND_MS;
  const runAt = Math.ceil(Date.parse(publishAt) / every) * every;
  await deps.jobs.enqueue(PUBLISH_DUE_JOB, { noticeId }, { key: `notice-${noticeId}-${publishAt}`, runAt, maxAttempts: 5, backoffMs: 2000 });
}
const DEFAULT_ROUND_MS = 5000;

/**
 * Publishes scheduled notices when their time comes: each scheduled notice has a job at its time (scheduleNotice),
 * and this instance's worker runs the ones that come due (any instance's, in a cluster). At start every scheduled
 * notice gets its job again (the key deduplicates), so notices scheduled before jobs existed go out too. Jobs run on
 * rounds of `everyMs`: a notice goes out at the first round at or after its time.
 */
export function startNoticeScheduler(deps: Deps, everyMs: number, onError: (err: unknown) => void): () => Promise<void> {
  rounds.set(deps.jobs, Math.max(1, everyMs));
  deps.jobs.handle(PUBLISH_DUE_JOB, async () => publishDueNotices(deps));
  void (async () => {
    const rows = await deps.db.selectFrom('notices').select(['id', 'publish_at']).where('status', '=', 'scheduled').execute();
    for (const r of rows) await scheduleNotice(deps, r.id, r.publish_at);
  })().catch(onError);
  return () => Promise.resolve();
}
