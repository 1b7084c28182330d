import type { Selectable } from 'kysely';
import { fromJson, type Db } from '../../platform/db/database.js';
import { starrersOf } from '../agenda/index.js';
import type { NoticesTable } from './notices.tables.js';
import type { Audience, MyNotice, NoticeStatus, NoticeView, Urgency } from './notices.schema.js';

export type NoticeRow = Selectable<NoticesTable>;

export function audienceOf(row: Pick<NoticeRow, 'audience_kind' | 'audience_value'>): Audience {
  const kind = row.audience_kind as Audience['kind'];
  switch (kind) {
    case 'category':
      return { kind, category: row.audience_value ?? '' };
    case 'board':
      return { kind, boardId: Number(row.audience_value) };
    case 'session':
      return { kind, sessionId: Number(row.audience_value) };
    default:
      return { kind };
  }
}

export function audienceValue(a: Audience): string | null {
  if (a.kind === 'category') return a.category;
  if (a.kind === 'board') return String(a.boardId);
  if (a.kind === 'session') return String(a.sessionId);
  return null;
}

export function toNoticeView(row: NoticeRow): NoticeView {
  return {
    id: row.id,
    title: { zh: row.title_zh, en: row.title_en },
    body: { zh: row.body_zh, en: row.body_en },
    urgency: row.urgency as Urgency,
    audience: audienceOf(row),
    status: row.status as NoticeStatus,
    publishAt: row.publish_at,
    publishedAt: row.published_at,
  };
}

export function toMyNotice(row: NoticeRow, deliveryId: number, readAt: string | null): MyNotice {
  const { status: _status, publishAt: _publishAt, ...view } = toNoticeView(row);
  return { ...view, publishedAt: row.published_at ?? row.publish_at, deliveryId, read: readAt !== null };
}

const ROLE_OF = { volunteers: 'volunteer', drivers: 'driver', exhibitors: 'exhibitor' } as const;

/** The accounts a notice reaches right now: enabled accounts with a role in the event, narrowed by the audience. */
export async function audienceUserIds(db: Db, eventId: number, audience: Audience): Promise<number[]> {
  const inEvent = db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .where('users.disabled', '=', 0)
    .where((w) => w.or([w('role_grants.event_id', '=', eventId), w('role_grants.event_id', 'is', null)]));
  switch (audience.kind) {
    case 'everyone': {
      const rows = await inEvent.select('users.id').distinct().where('role_grants.role', '!=', 'device').execute();
      return rows.map((r) => r.id);
    }
    case 'volunteers':
    case 'drivers':
    case 'exhibitors': {
      const rows = await inEvent.select('users.id').distinct().where('role_grants.role', '=', ROLE_OF[audience.kind]).execute();
      return rows.map((r) => r.id);
    }
    case 'category': {
      // profile is JSON text on both databases: read it here rather than in dialect-specific SQL
      const rows = await inEvent.select(['users.id', 'users.profile']).distinct().where('role_grants.role', '=', 'guest').execute();
      return rows.filter((r) => fromJson<{ category?: unknown }>(r.profile, {}).category === audience.category).map((r) => r.id);
    }
    case 'board':
      return starrersOf(db, eventId, { boardId: audience.boardId });
    case 'session':
      return starrersOf(db, eventId, { sessionId: audience.sessionId });
  }
}

/** Writes one delivery per reached account; call inside the transaction that publishes the notice. */
export async function writeDeliveries(db: Db, notice: Pick<NoticeRow, 'id' | 'event_id' | 'audience_kind' | 'audience_value'>): Promise<number> {
  const userIds = await audienceUserIds(db, notice.event_id, audienceOf(notice));
  // 4 parameters a row: 1,000 rows stay far below both databases' parameter limits
  for (let i = 0; i < userIds.length; i += 1000) {
    await db
      .insertInto('notice_deliveries')
      .values(userIds.slice(i, i + 1000).map((user_id) => ({ notice_id: notice.id, user_id, event_id: notice.event_id, read_at: null })))
      .execute();
  }
  return userIds.length;
}

export async function unreadCount(db: Db, eventId: number, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notice_deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('event_id', '=', eventId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Unread counts of many accounts at once (the SSE fan-out needs one per connected reader). */
export async function unreadCounts(db: Db, eventId: number, userIds: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>(userIds.map((id) => [id, 0]));
  for (let i = 0; i < userIds.length; i += 1000) {
    const rows = await db
      .selectFrom('notice_deliveries')
      .select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('event_id', '=', eventId)
      .where('read_at', 'is', null)
      .where('user_id', 'in', userIds.slice(i, i + 1000))
      .groupBy('user_id')
      .execute();
    for (const r of rows) counts.set(r.user_id, Number(r.n));
  }
  return counts;
}

/** A reader's published notices, newest first, or only those delivered after `afterDeliveryId` (oldest first). */
export async function myNotices(db: Db, eventId: number, userId: number, afterDeliveryId?: number): Promise<MyNotice[]> {
  let q = db
    .selectFrom('notice_deliveries')
    .innerJoin('notices', 'notices.id', 'notice_deliveries.notice_id')
    .selectAll('notices')
    .select(['notice_deliveries.id as delivery_id', 'notice_deliveries.read_at'])
    .where('notice_deliveries.user_id', '=', userId)
    .where('notice_deliveries.event_id', '=', eventId);
  q = afterDeliveryId === undefined ? q.orderBy('notice_deliveries.id', 'desc') : q.where('notice_deliveries.id', '>', afterDeliveryId).orderBy('notice_deliveries.id', 'asc');
  const rows = await q.limit(500).execute();
  return rows.map((r) => toMyNotice(r, r.delivery_id, r.read_at));
}
