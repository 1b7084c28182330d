import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { OrganiserNoticeView } from './notices.schema.js';
import { toNoticeView } from './notices.store.js';

/** Withdraws a scheduled notice before it goes out; a published one has reached people and stays. */
export async function withdrawNotice(deps: Deps, actor: Actor, eventId: number, noticeId: number): Promise<Result<OrganiserNoticeView>> {
  const at = nowIso();
  // conditional, like the scheduler's claim: whichever of withdraw and publish comes first wins
  const row = await deps.db
    .updateTable('notices')
    .set({ status: 'withdrawn', withdrawn_at: at })
    .where('id', '=', noticeId)
    .where('event_id', '=', eventId)
    .where('status', '=', 'scheduled')
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const current = await deps.db.selectFrom('notices').select('status').where('id', '=', noticeId).where('event_id', '=', eventId).executeTakeFirst();
    return current ? refuse('notice_not_scheduled', 'id', { status: current.status }) : refuse('not_found', 'id');
  }
  await emit(deps, actor, eventId, { type: 'notice.withdrawn', payload: { noticeId } });
  return ok({ ...toNoticeView(row), createdBy: row.created_by, createdAt: row.created_at, withdrawnAt: row.withdrawn_at, recipients: 0, read: 0 });
}
