import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Db, Dialect } from '../db/database.js';
import { type Bus, type DomainEvent, type Fanout, type Handler, type NewDomainEvent, newEvent, type PublishOptions, type Subscriber } from './bus.js';
import type { EventOutboxTable, OutboxTables } from './outbox.tables.js';

export interface OutboxOptions {
  db: Db;
  dialect: Dialect;
  fanout: Fanout;
  /** how often the dispatcher looks for undelivered events (crash recovery, other processes' commits); 0: never */
  pollMs?: number;
  /** events claimed per round */
  batch?: number;
  /** a failing event is retried with back-off this many times, then set aside with its error (never deleted) */
  maxAttempts?: number;
  /** the clock for back-off and bookkeeping (a stepped one in tests) */
  now?: () => Date;
  /** where failures of the dispatcher itself (the database gone) are reported */
  onError?: (err: unknown) => void;
}

type Row = Selectable<EventOutboxTable>;
type Store = Kysely<OutboxTables>;
/** delivered events are kept this long (the audit log has them for good), then pruned */
const KEEP_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 60_000;
const MAX_BACKOFF_MS = 60_000;
const MAX_ERROR = 500;

const fromRow = (r: Row): DomainEvent => ({
  id: r.id,
  type: r.type,
  at: r.at,
  eventId: r.event_id,
  actorUserId: r.actor_user_id,
  requestId: r.request_id,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  origin: r.origin,
});

/**
 * The bus over a transactional outbox. `publish` writes the event (in the caller's transaction when given one);
 * a dispatcher in every instance claims undelivered events (PostgreSQL: FOR UPDATE SKIP LOCKED, so instances share
 * the work; SQLite: one process), hands each to every durable subscriber in a transaction that also records the
 * delivery (a crash re-runs only the subscribers that had not finished), then fans it out to every instance and
 * marks it delivered. Events of one aggregate are delivered in the order written: an aggregate whose earliest
 * undelivered event is not in this round's claim (another instance has it, or it waits to be retried) is left for
 * later, and a failure stops its aggregate for the round.
 */
export class OutboxBus implements Bus {
  readonly instanceId = randomUUID();
  onHandlerError: (err: unknown, event: DomainEvent) => void = () => undefined;
  private readonly store: Store;
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly local = new Set<Handler>();
  private readonly timer: NodeJS.Timeout | null;
  private current: Promise<void> = Promise.resolve();
  private pending: Promise<void> | null = null;
  private lastPrune = 0;
  private closed = false;

  constructor(private readonly opts: OutboxOptions) {
    this.store = opts.db.withTables<OutboxTables>() as unknown as Store;
    const pollMs = opts.pollMs ?? 1000;
    this.timer = pollMs > 0 ? setInterval(() => void this.flush(), pollMs) : null;
    this.timer?.unref();
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  async publish(input: NewDomainEvent, options: PublishOptions = {}): Promise<DomainEvent> {
    const event = newEvent(input, this.instanceId);
    const into = (options.tx ?? this.opts.db).withTables<OutboxTables>() as unknown as Store;
    await into
      .insertInto('event_outbox')
      .values({
        id: event.id,
        type: event.type,
        at: event.at,
        event_id: event.eventId,
        actor_user_id: event.actorUserId,
        request_id: event.requestId,
        aggregate: input.aggregate ?? (event.eventId === null ? 'installation' : `event:${event.eventId}`),
        payload: JSON.stringify(event.payload),
        origin: event.origin,
        next_attempt_at: null,
        last_error: null,
        delivered_at: null,
      })
      .execute();
    // In a transaction the row is not ours to deliver before the commit: on SQLite the dispatcher's query waits for
    // the transaction's connection anyway; on PostgreSQL the caller's flush() after the commit (or the poll) does.
    if (options.tx) setImmediate(() => void this.flush());
    else await this.flush();
    return event;
  }

  subscribe(name: string, handler: Subscriber): () => void {
    if (this.subscribers.has(name)) throw new Error(`bus subscriber ${name} is already registered`);
    this.subscribers.set(name, handler);
    return () => this.subscribers.delete(name);
  }

  onLocal(handler: Handler): () => void {
    this.local.add(handler);
    return () => this.local.delete(handler);
  }

  onCluster(handler: Handler): () => void {
    return this.opts.fanout.onCluster(handler, (err, e) => this.onHandlerError(err, e));
  }

  /** One delivery round at a time per instance; callers arriving during a round share the next one. */
  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.pending ??= this.current.then(() => {
      this.pending = null;
      this.current = this.drain();
      return this.current;
    });
    return this.pending;
  }

  private async drain(): Promise<void> {
    try {
      const batch = this.opts.batch ?? 200;
      while (!this.closed && (await this.round(batch)) >= batch);
      await this.prune();
    } catch (err) {
      if (!this.closed) (this.opts.onError ?? ((e) => console.error('outbox dispatch failed:', e)))(err);
    }
  }

  /** Claims and delivers up to `batch` events; returns how many it claimed. */
  private async round(batch: number): Promise<number> {
    if (this.opts.dialect === 'postgres') return this.store.transaction().execute((claim) => this.claimAndDeliver(claim, batch, true));
    return this.claimAndDeliver(this.store, batch, false);
  }

  private async claimAndDeliver(claim: Store, batch: number, lock: boolean): Promise<number> {
    const now = this.now().toISOString();
    let q = claim
      .selectFrom('event_outbox')
      .selectAll()
      .where('delivered_at', 'is', null)
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      .orderBy('seq')
      .limit(batch);
    if (lock) q = q.forUpdate().skipLocked();
    const rows = (await q.execute()) as Row[];
    if (!rows.length) return 0;
    const mine = new Set(rows.map((r) => r.seq));
    // every undelivered event of these aggregates up to the last claimed: an aggregate is delivered only as far as
    // its events are all in this claim, so none overtakes an earlier one held elsewhere or waiting for a retry
    const aggregates = [...new Set(rows.map((r) => r.aggregate))];
    const waiting = await claim
      .selectFrom('event_outbox')
      .select(['aggregate', 'seq'])
      .where('delivered_at', 'is', null)
      .where('aggregate', 'in', aggregates)
      .where('seq', '<=', rows[rows.length - 1]!.seq)
      .orderBy('seq')
      .execute();
    const stopped = new Set<string>();
    const deliverable = new Set<number>();
    for (const w of waiting) {
      if (stopped.has(w.aggregate)) continue;
      if (mine.has(w.seq)) deliverable.add(w.seq);
      else stopped.add(w.aggregate);
    }
    const had = await claim
      .selectFrom('event_deliveries')
      .select(['event', 'subscriber'])
      .where(
        'event',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    const done = new Set(had.map((d) => `${d.event}\n${d.subscriber}`));
    const delivered: string[] = [];
    for (const row of rows) {
      if (!deliverable.has(row.seq) || stopped.has(row.aggregate)) continue;
      const failure = await this.deliver(fromRow(row), done);
      if (!failure) {
        delivered.push(row.id);
        continue;
      }
      stopped.add(row.aggregate);
      await this.setBack(claim, row, failure);
    }
    if (delivered.length) {
      const at = this.now().toISOString();
      await claim.updateTable('event_outbox').set({ delivered_at: at, last_error: null }).where('id', 'in', delivered).execute();
      await claim.deleteFrom('event_deliveries').where('event', 'in', delivered).execute();
    }
    return rows.length;
  }

  /** Hands one event to every subscriber that has not had it, then to every instance; returns the failure, if any. */
  private async deliver(event: DomainEvent, done: Set<string>): Promise<unknown> {
    for (const [name, handler] of this.subscribers) {
      if (done.has(`${event.id}\n${name}`)) continue;
      try {
        await this.store.transaction().execute(async (tx) => {
          const inserted = await tx
            .insertInto('event_deliveries')
            .values({ event: event.id, subscriber: name, at: this.now().toISOString() })
            .onConflict((oc) => oc.columns(['event', 'subscriber']).doNothing())
            .executeTakeFirst();
          // another process delivered it meanwhile (SQLite shared by a CLI, or a claim that timed out)
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
          await handler(event, tx as never);
        });
      } catch (err) {
        this.onHandlerError(err, event);
        return err;
      }
    }
    try {
      await this.opts.fanout.broadcast(event);
    } catch (err) {
      this.onHandlerError(err, event);
      return err;
    }
    for (const handler of this.local) {
      try {
        await handler(event);
      } catch (err) {
        this.onHandlerError(err, event);
      }
    }
    return null;
  }

  /** Exponential back-off; after the last attempt the event is set aside with its error, never deleted. */
  private async setBack(claim: Store, row: Row, failure: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const now = this.now();
    const error = (failure instanceof Error ? failure.message : String(failure)).slice(0, MAX_ERROR);
    const givenUp = attempts >= (this.opts.maxAttempts ?? 20);
    await claim
      .updateTable('event_outbox')
      .set({
        attempts,
        last_error: error,
        next_attempt_at: new Date(now.getTime() + Math.min(MAX_BACKOFF_MS, 100 * 2 ** (attempts - 1))).toISOString(),
        delivered_at: givenUp ? now.toISOString() : null,
      })
      .where('seq', '=', row.seq)
      .execute();
  }

  private async prune(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.store
      .deleteFrom('event_outbox')
      .where('delivered_at', '<', new Date(now - KEEP_MS).toISOString())
      .where('last_error', 'is', null)
      .execute();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pending;
    await this.current;
    this.closed = true;
    await this.opts.fanout.close();
  }
}
