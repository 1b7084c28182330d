import type { Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { OutboxItem, OutboxMessage, OutboxPage, OutboxQuery, OutboxStatus } from './invitations.schema.js';

const columns = [
  'outbox.id',
  'outbox.guest_id',
  'guests.name as guest_name',
  'outbox.kind',
  'outbox.channel',
  'outbox.recipient',
  'outbox.language',
  'outbox.subject',
  'outbox.status',
  'outbox.attempts',
  'outbox.error',
  'outbox.created_at',
  'outbox.sent_at',
] as const;

type Row = {
  id: number;
  guest_id: number | null;
  guest_name: string | null;
  kind: string;
  channel: string;
  recipient: string;
  language: string;
  subject: string;
  status: string;
  attempts: number;
  error: string | null;
  created_at: string;
  sent_at: string | null;
};

const toItem = (r: Row): OutboxItem => ({
  id: r.id,
  guestId: r.guest_id,
  guestName: r.guest_name,
  kind: r.kind,
  channel: r.channel,
  recipient: r.recipient,
  language: r.language,
  subject: r.subject,
  status: r.status as OutboxStatus,
  attempts: Number(r.attempts),
  error: r.error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

/** The event's outbox, newest first, a page at a time, optionally of one status. */
export async function listOutbox(deps: Deps, eventId: number, query: OutboxQuery): Promise<Result<OutboxPage>> {
  let q = deps.db.selectFrom('outbox').leftJoin('guests', 'guests.id', 'outbox.guest_id').where('outbox.event_id', '=', eventId);
  if (query.status) q = q.where('outbox.status', '=', query.status);
  const [rows, total] = await Promise.all([
    q
      .select(columns)
      .orderBy('outbox.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return ok({
    items: rows.map(toItem),
    total: Number(total.n),
    page: query.page,
    pageSize: query.pageSize,
    delivery: deps.config.smtpUrl ? 'smtp' : 'outbox',
  });
}

/** One message in full, as it was (or would be) sent. */
export async function getOutboxMessage(deps: Deps, eventId: number, id: number): Promise<Result<OutboxMessage>> {
  const row = await deps.db
    .selectFrom('outbox')
    .leftJoin('guests', 'guests.id', 'outbox.guest_id')
    .select([...columns, 'outbox.body'])
    .where('outbox.event_id', '=', eventId)
    .where('outbox.id', '=', id)
    .executeTakeFirst();
  if (!row) return refuse('not_found', 'id');
  return ok({ ...toItem(row), body: row.body });
}
