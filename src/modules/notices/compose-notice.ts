import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import { boardEvent, sessionEvent } from '../program/index.js';
import type { Audience, NoticeInput, OrganiserNoticeView } from './notices.schema.js';
import { audienceValue, toNoticeView, writeDeliveries } from './notices.store.js';
import { scheduleNotice } from './publish-due-notices.js';

/** How far in the past a `publishAt` may lie and still mean "now": clocks of browsers drift. */
const CLOCK_SLACK_MS = 60_000;

async function checkAudience(deps: Deps, eventId: number, audience: Audience): Promise<Refusal | null> {
  if (audience.kind !== 'board' && audience.kind !== 'session') return null;
  const [owner, field] =
    audience.kind === 'board'
      ? [await boardEvent(deps.db, audience.boardId), 'audience.boardId' as const]
      : [await sessionEvent(deps.db, audience.sessionId), 'audience.sessionId' as const];
  if (owner === null) return refuse('not_found', field);
  if (owner !== eventId) return refuse('wrong_event', field);
  return null;
}

/**
 * Saves a notice and publishes it now, or schedules it for `publishAt`. The people it reaches are fixed when
 * it is published, in the same transaction, so a notice is never published without its deliveries.
 */
export async function composeNotice(deps: Deps, actor: Actor, eventId: number, input: NoticeInput): Promise<Result<OrganiserNoticeView>> {
  const refused = await checkAudience(deps, eventId, input.audience);
  if (refused) return refused;
  const now = Date.now();
  const publishAt = input.publishAt !== undefined ? Date.parse(input.publishAt) : now;
  if (publishAt < now - CLOCK_SLACK_MS) return refuse('in_the_past', 'publishAt');
  const scheduled = publishAt > now;
  const createdAt = nowIso();

  const { row, recipients } = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('notices')
      .values({
        event_id: eventId,
        title_zh: input.title.zh,
        title_en: input.title.en,
        body_zh: input.body.zh,
        body_en: input.body.en,
        urgency: input.urgency,
        audience_kind: input.audience.kind,
        audience_value: audienceValue(input.audience),
        status: scheduled ? 'scheduled' : 'published',
        publish_at: new Date(scheduled ? publishAt : now).toISOString(),
        published_at: scheduled ? null : createdAt,
        withdrawn_at: null,
        created_by: actor.userId,
        created_at: createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const recipients = scheduled ? 0 : await writeDeliveries(trx, inserted);
    // the events commit with the notice (the outbox): a crash after the commit cannot lose them
    await emit(deps, actor, eventId, { type: 'notice.composed', payload: { noticeId: inserted.id, status: inserted.status, audience: input.audience, publishAt: inserted.publish_at } }, { tx: trx });
    if (!scheduled) await emit(deps, actor, eventId, { type: 'notice.published', payload: { noticeId: inserted.id, recipients } }, { tx: trx });
    return { row: inserted, recipients };
  });
  await deps.bus.flush();
  if (scheduled) await scheduleNotice(deps, row.id, row.publish_at);
  return ok({ ...toNoticeView(row), createdBy: row.created_by, createdAt: row.created_at, withdrawnAt: null, recipients, read: 0 });
}
