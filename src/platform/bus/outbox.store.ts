import { type Kysely, type Selectable, sql } from 'kysely';
import type { Tx } from '../db/database.js';
import type { DomainEvent } from './bus.js';
import type { EventOutboxTable, OutboxTables } from './outbox.tables.js';

/** The outbox's rows and the statements OutboxBus (outbox.ts) writes them with. */
export type Row = Selectable<EventOutboxTable>;
export type Store = Kysely<OutboxTables>;

/** An event on its way, with the aggregate it is ordered in. */
export interface Item {
  event: DomainEvent;
  aggregate: string;
}

/** delivered events are kept this long (the audit log has them for good), then pruned */
const KEEP_MS = 24 * 3600_000;
const MAX_BACKOFF_MS = 60_000;
const MAX_ERROR = 500;
/** rows per insert (13 values each: well under SQLite's and PostgreSQL's limits on bound values) */
export const INSERT_ROWS = 300;

export const chunk = <T>(list: readonly T[], size: number): T[][] => {
  const parts: T[][] = [];
  for (let i = 0; i < list.length; i += size) parts.push(list.slice(i, i + size));
  return parts;
};
export const errorText = (failure: unknown) => (failure instanceof Error ? failure.message : String(failure)).slice(0, MAX_ERROR);
export const backoff = (attempts: number) => Math.min(MAX_BACKOFF_MS, 100 * 2 ** (attempts - 1));

export const fromRow = (r: Row): DomainEvent => ({
  id: r.id,
  type: r.type,
  at: r.at,
  eventId: r.event_id,
  actorUserId: r.actor_user_id,
  requestId: r.request_id,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  origin: r.origin,
});

function outboxRow({ event, aggregate }: Item, subscribed: string | null, nextAttemptAt: string | null, failure?: unknown) {
  // the columns left out default to null (and attempts to 0): fewer values to bind on every write
  return {
    id: event.id,
    type: event.type,
    at: event.at,
    event_id: event.eventId,
    actor_user_id: event.actorUserId,
    request_id: event.requestId,
    aggregate,
    payload: JSON.stringify(event.payload),
    origin: event.origin,
    subscribed,
    next_attempt_at: nextAttemptAt,
    ...(failure === undefined ? {} : { attempts: 1, last_error: errorText(failure) }),
  };
}

/** Inserts the events' rows. */
export async function insertEvents(
  into: Store,
  items: Item[],
  opts: { subscribed: string | null; nextAttemptAt: string | null; failure?: unknown },
): Promise<void> {
  for (const part of chunk(items, INSERT_ROWS)) {
    await into
      .insertInto('event_outbox')
      .values(part.map((item) => outboxRow(item, opts.subscribed, opts.nextAttemptAt, opts.failure)))
      .execute();
  }
}

/**
 * The aggregates among these whose undelivered events include one that a subscriber of ours has not had (one
 * query, written out: it runs on every write).
 */
export async function waitingFor(tx: Tx, items: Item[], everyone: string): Promise<Set<string>> {
  const aggregates = [...new Set(items.map((i) => i.aggregate))];
  const rows = await sql<{
    aggregate: string;
  }>`select distinct aggregate from event_outbox where aggregate in (${sql.join(aggregates)}) and delivered_at is null and (subscribed is null or subscribed <> ${everyone})`.execute(
    tx,
  );
  return new Set(rows.rows.map((r) => r.aggregate));
}

/**
 * PostgreSQL: inserts the rows and answers, in the same statement (one round trip fewer while the transaction
 * holds a pooled connection), the aggregates waitingFor() would. SQLite takes the two statements: there the
 * correlated subquery in RETURNING costs more than the separate query.
 */
export async function insertAsking(into: Store, items: Item[], everyone: string, lease: string | null): Promise<Set<string>> {
  const blocked = new Set<string>();
  for (const part of chunk(items, INSERT_ROWS)) {
    const rows = await into
      .insertInto('event_outbox')
      .values(part.map((item) => outboxRow(item, everyone, lease)))
      .returning([
        'aggregate',
        sql<boolean>`exists (select 1 from event_outbox as p where p.aggregate = event_outbox.aggregate and p.delivered_at is null and p.seq < event_outbox.seq and (p.subscribed is null or p.subscribed <> ${everyone}))`.as(
          'blocked',
        ),
      ])
      .execute();
    for (const r of rows) if (r.blocked) blocked.add(r.aggregate);
  }
  return blocked;
}

/** Exponential back-off; after the last attempt the event is set aside with its error, never deleted. */
export async function setBack(claim: Store, row: Row, failure: unknown, now: Date, maxAttempts: number): Promise<void> {
  const attempts = row.attempts + 1;
  const givenUp = attempts >= maxAttempts;
  await claim
    .updateTable('event_outbox')
    .set({
      attempts,
      last_error: errorText(failure),
      next_attempt_at: new Date(now.getTime() + backoff(attempts)).toISOString(),
      delivered_at: givenUp ? now.toISOString() : null,
    })
    .where('seq', '=', row.seq)
    .execute();
}

/** Deletes the events delivered more than KEEP_MS ago, keeping those set aside with an error. */
export async function pruneDelivered(store: Store, nowMs: number): Promise<void> {
  await store
    .deleteFrom('event_outbox')
    .where('delivered_at', '<', new Date(nowMs - KEEP_MS).toISOString())
    .where('last_error', 'is', null)
    .execute();
}
