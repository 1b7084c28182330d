import { type Deps, emit, SYSTEM } from '../../platform/deps.js';
import { writeDeliveries } from './notices.store.js';

/**
 * Publishes every scheduled notice whose time has come. The conditional UPDATE is the claim: with several
 * instances ticking at once, a row changes status only once, so only one instance writes its deliveries and
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
    const out: Array<{ id: number; eventId: number; recipients: number }> = [];
    for (const row of rows) out.push({ id: row.id, eventId: row.event_id, recipients: await writeDeliveries(trx, row) });
    return out;
  });
  for (const n of claimed) await emit(deps, SYSTEM, n.eventId, { type: 'notice.published', payload: { noticeId: n.id, recipients: n.recipients } });
  return claimed.map((n) => n.id);
}

/** Ticks `publishDueNotices` in this process; a tick is skipped while the previous one still runs. */
export function startNoticeScheduler(deps: Deps, everyMs: number, onError: (err: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = publishDueNotices(deps)
      .catch(onError)
      .finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
