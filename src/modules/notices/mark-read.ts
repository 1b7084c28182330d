import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { ReadReceipt } from './notices.schema.js';
import { unreadCount } from './notices.store.js';

/** Records that a reader has read a notice delivered to them; reading it again changes nothing. */
export async function markRead(deps: Deps, actor: Actor & { userId: number }, eventId: number, noticeId: number): Promise<Result<ReadReceipt>> {
  const delivery = await deps.db
    .selectFrom('notice_deliveries')
    .select(['id', 'read_at'])
    .where('notice_id', '=', noticeId)
    .where('user_id', '=', actor.userId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!delivery) return refuse('not_found', 'id');
  let readAt = delivery.read_at;
  if (readAt === null) {
    const at = nowIso();
    const res = await deps.db.updateTable('notice_deliveries').set({ read_at: at }).where('id', '=', delivery.id).where('read_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) {
      readAt = at;
      await emit(deps, actor, eventId, { type: 'notice.read', payload: { noticeId } });
    } else {
      // another device of the same reader got there first
      readAt = (await deps.db.selectFrom('notice_deliveries').select('read_at').where('id', '=', delivery.id).executeTakeFirstOrThrow()).read_at ?? at;
    }
  }
  return ok({ noticeId, readAt, unread: await unreadCount(deps.db, eventId, actor.userId) });
}
