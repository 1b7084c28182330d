import type { Actor, Deps } from '../../platform/deps.js';
import { ok, type Result } from '../../platform/result.js';
import type { MyNotices, OrganiserNoticeView } from './notices.schema.js';
import { myNotices, toNoticeView, unreadCount } from './notices.store.js';

/** The notices that reached the caller, newest first, with the unread count for the badge. */
export async function listMyNotices(deps: Deps, actor: Actor & { userId: number }, eventId: number): Promise<Result<MyNotices>> {
  const [items, unread] = await Promise.all([myNotices(deps.db, eventId, actor.userId), unreadCount(deps.db, eventId, actor.userId)]);
  return ok({ unread, items });
}

/** Every notice of the event for its organisers, newest first, with how many it reached and how many read it. */
export async function listNotices(deps: Deps, eventId: number): Promise<Result<OrganiserNoticeView[]>> {
  const [rows, counts] = await Promise.all([
    deps.db.selectFrom('notices').selectAll().where('event_id', '=', eventId).orderBy('id', 'desc').execute(),
    deps.db
      .selectFrom('notice_deliveries')
      .select(['notice_id', (eb) => eb.fn.countAll<number>().as('recipients'), (eb) => eb.fn.count<number>('read_at').as('read')])
      .where('event_id', '=', eventId)
      .groupBy('notice_id')
      .execute(),
  ]);
  const byNotice = new Map(counts.map((c) => [c.notice_id, c]));
  return ok(
    rows.map((row) => ({
      ...toNoticeView(row),
      createdBy: row.created_by,
      createdAt: row.created_at,
      withdrawnAt: row.withdrawn_at,
      recipients: Number(byNotice.get(row.id)?.recipients ?? 0),
      read: Number(byNotice.get(row.id)?.read ?? 0),
    })),
  );
}
