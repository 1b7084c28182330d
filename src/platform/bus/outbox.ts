import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Dialect, Tx } from '../db/database.js';
import {
  type BatchSubscriber,
  type Bus,
  type DomainEvent,
  type Fanout,
  type Handler,
  type NewDomainEvent,
  newEvent,
  type PublishOptions,
  type Subscriber,
} from './bus.js';
import {
  backoff,
  chunk,
  errorText,
  fromRow,
  INSERT_ROWS,
  insertAsking,
  insertEvents,
  type Item,
  pruneDelivered,
  type Row,
  setBack,
  type Store,
  waitingFor,
} from './outbox.store.js';
import type { OutboxTables } from './outbox.tables.js';

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

const PRUNE_EVERY_MS = 60_000;
/**
 * An event whose publisher pushes it itself right after its commit is left alone by every dispatcher this long:
 * the publisher marks it delivered once pushed; if it dies first, the event is pushed again after the lease.
 */
const LEASE_MS = 30_000;
/** pushed events marked delivered without waiting for the next turn of the event loop when this many wait */
const MARK_AT_ONCE = 64;
interface Durable {
  one: Subscriber;
  many: BatchSubscriber | undefined;
}
/** What one subscriber did with a run of events: those it had, and each failure (which stops its aggregate). */
interface Outcome {
  had: Set<string>;
  failed: Map<string, unknown>;
}
/** The only subscriber failed in a transaction of the bus's own, run without a savepoint: the whole is rolled back. */
class InlineFailure extends Error {
  constructor(readonly failure: unknown) {
    super('a durable subscriber failed');
  }
}

/**
 * The bus over a transactional outbox.
 *
 * `publish` writes the event in the transaction making the change (or in one of its own) and, in the same
 * transaction, hands it to every durable subscriber (the audit log) under a savepoint, writing on the event's row
 * which of them had it: the change, the event and the audit row commit together, in one round of statements. An
 * event whose aggregate has an earlier event still on its way to a subscriber, or that a subscriber fails, is left
 * to the dispatcher. Without a transaction the publisher then pushes the event to every instance itself (cluster
 * and local handlers) and has it marked delivered in a later batch; it holds a lease on the row meanwhile, so no
 * dispatcher pushes it too unless the publisher dies first.
 *
 * A dispatcher in every instance claims the undelivered events that are due (PostgreSQL: FOR UPDATE SKIP LOCKED,
 * so instances share the work; SQLite: one process), hands each subscriber the round's events it has not had in
 * one transaction that also records the deliveries (one by one if that fails: a crash re-runs only what had not
 * finished), then fans them out and marks them delivered. Events of one aggregate are delivered in the order
 * written: an aggregate whose earliest undelivered event is not in this round's claim (another instance has it, or
 * it waits to be retried) is left for later, and a failure stops its aggregate for the round (for that subscriber,
 * and for the fan-out).
 */
export class OutboxBus implements Bus {
  readonly instanceId = randomUUID();
  onHandlerError: (err: unknown, event: DomainEvent) => void = () => undefined;
  private readonly store: Store;
  private readonly subscribers = new Map<string, Durable>();
  private readonly local = new Set<Handler>();
  private readonly timer: NodeJS.Timeout | null;
  private current: Promise<void> = Promise.resolve();
  private pending: Promise<void> | null = null;
  /** events this instance pushed itself, to be marked delivered by the next round */
  private pushed: string[] = [];
  /** the marking of pushed events under way, if any (batched: one update for all pushed meanwhile) */
  private marking: Promise<void> | null = null;
  private markAgain = false;
  /** the last round left an aggregate waiting for an event it had not claimed (perhaps one pushed, not yet marked) */
  private heldBack = false;
  private savepoints = 0;
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
    return (await this.publishMany([input], options))[0]!;
  }

  async publishMany(inputs: readonly NewDomainEvent[], options: PublishOptions = {}): Promise<DomainEvent[]> {
    const items: Item[] = inputs.map((input) => {
      const event = newEvent(input, this.instanceId);
      return { event, aggregate: input.aggregate ?? (event.eventId === null ? 'installation' : `event:${event.eventId}`) };
    });
    if (!items.length) return [];
    const events = items.map((i) => i.event);
    if (options.tx) {
      await this.write(options.tx, items, false);
      // SQLite: the dispatcher's queries wait for the transaction's connection, so this round follows the commit;
      // PostgreSQL: the caller's flush() after the commit (or the poll) pushes it
      setImmediate(() => void this.flush());
      return events;
    }
    let inline: boolean;
    try {
      inline = await this.opts.db.transaction().execute((tx) => this.write(tx, items, true));
    } catch (err) {
      if (!(err instanceof InlineFailure)) throw err;
      // rolled back whole: written again with the failure, for the dispatcher to retry after the back-off
      await insertEvents(this.store, items, {
        subscribed: '',
        nextAttemptAt: new Date(this.now().getTime() + backoff(1)).toISOString(),
        failure: err.failure,
      });
      inline = false;
    }
    if (inline) await this.push(items);
    else await this.flush();
    return events;
  }

  subscribe(name: string, handler: Subscriber, batch?: BatchSubscriber): () => void {
    if (name.includes(',')) throw new Error(`bus subscriber names have no commas: ${name}`);
    if (this.subscribers.has(name)) throw new Error(`bus subscriber ${name} is already registered`);
    this.subscribers.set(name, { one: handler, many: batch });
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

  /** the subscribers' names as written on a row: sorted, comma-separated */
  private everyone(): string {
    return [...this.subscribers.keys()].sort().join(',');
  }

  /**
   * Writes the events in `tx` and runs the durable subscribers on them there. Returns whether every subscriber had
   * every event (then, in a transaction of the bus's own, the rows carry the publisher's lease for its push).
   */
  private async write(tx: Tx, items: Item[], own: boolean): Promise<boolean> {
    const into = tx.withTables<OutboxTables>() as unknown as Store;
    const everyone = this.everyone();
    const lease = own ? new Date(this.now().getTime() + LEASE_MS).toISOString() : null;
    // an aggregate with an earlier event that some subscriber has not had yet: the dispatcher delivers these after it
    let blocked = new Set<string>();
    if (!this.subscribers.size) await insertEvents(into, items, { subscribed: everyone, nextAttemptAt: lease });
    else if (this.opts.dialect === 'postgres') blocked = await insertAsking(into, items, everyone, lease);
    else {
      blocked = await waitingFor(tx, items, everyone);
      await insertEvents(into, items, { subscribed: everyone, nextAttemptAt: lease });
    }
    if (!this.subscribers.size) return true;
    const run = items.filter((i) => !blocked.has(i.aggregate));
    const guard = !own || this.subscribers.size > 1 || run.length > 1;
    const had = new Map<string, string[]>(items.map((i) => [i.event.id, []]));
    const failed = new Map<string, unknown>();
    for (const [name, subscriber] of this.subscribers) {
      const out = await this.run(tx, subscriber, run, guard);
      for (const id of out.had) had.get(id)!.push(name);
      for (const [id, err] of out.failed) if (!failed.has(id)) failed.set(id, err);
    }
    let whole = true;
    for (const item of items) {
      const names = had.get(item.event.id)!.sort().join(',');
      if (!blocked.has(item.aggregate) && names === everyone) continue;
      whole = false;
      const failure = failed.get(item.event.id);
      await into
        .updateTable('event_outbox')
        .set({
          subscribed: blocked.has(item.aggregate) ? null : names,
          attempts: failure === undefined ? 0 : 1,
          last_error: failure === undefined ? null : errorText(failure),
          next_attempt_at: failure === undefined ? null : new Date(this.now().getTime() + backoff(1)).toISOString(),
        })
        .where('id', '=', item.event.id)
        .execute();
    }
    // a lease is only for events pushed by their publisher, which it pushes only if all of them had every subscriber
    if (!whole && lease)
      await into
        .updateTable('event_outbox')
        .set({ next_attempt_at: null })
        .where('next_attempt_at', '=', lease)
        .where(
          'id',
          'in',
          items.map((i) => i.event.id),
        )
        .execute();
    return whole;
  }

  /**
   * Runs one subscriber on events in order inside `tx`: all at once (its batch form when it has one) under a
   * savepoint, and one by one if that fails, a failure stopping the rest of its aggregate. Unguarded (the only
   * subscriber, one event, the bus's own transaction) a failure rolls the transaction back.
   */
  private async run(tx: Tx, subscriber: Durable, items: Item[], guard: boolean): Promise<Outcome> {
    const out: Outcome = { had: new Set(), failed: new Map() };
    if (!items.length) return out;
    const all = async () => {
      if (subscriber.many && items.length > 1)
        await subscriber.many(
          items.map((i) => i.event),
          tx,
        );
      else for (const i of items) await subscriber.one(i.event, tx);
    };
    if (!guard) {
      try {
        await all();
      } catch (err) {
        this.onHandlerError(err, items[0]!.event);
        throw new InlineFailure(err);
      }
      for (const i of items) out.had.add(i.event.id);
      return out;
    }
    try {
      await this.savepoint(tx, all);
      for (const i of items) out.had.add(i.event.id);
      return out;
    } catch (err) {
      if (items.length === 1) {
        this.onHandlerError(err, items[0]!.event);
        out.failed.set(items[0]!.event.id, err);
        return out;
      }
    }
    const stopped = new Set<string>();
    for (const i of items) {
      if (stopped.has(i.aggregate)) continue;
      try {
        await this.savepoint(tx, () => subscriber.one(i.event, tx));
        out.had.add(i.event.id);
      } catch (err) {
        this.onHandlerError(err, i.event);
        out.failed.set(i.event.id, err);
        stopped.add(i.aggregate);
      }
    }
    return out;
  }

  private async savepoint(tx: Tx, fn: () => Promise<void>): Promise<void> {
    const name = sql.raw(`outbox_${++this.savepoints}`);
    await sql`savepoint ${name}`.execute(tx);
    try {
      await fn();
    } catch (err) {
      await sql`rollback to savepoint ${name}`.execute(tx);
      await sql`release savepoint ${name}`.execute(tx);
      throw err;
    }
    await sql`release savepoint ${name}`.execute(tx);
  }

  /** The publisher's own push after its commit; the next round marks what it pushed as delivered. */
  private async push(items: Item[]): Promise<void> {
    for (const [n, item] of items.entries()) {
      const failure = await this.fanOut(item.event);
      if (failure === null) {
        this.pushed.push(item.event.id);
        continue;
      }
      // the push failed: this event is retried with back-off, and the rest follow it through the dispatcher
      const rest = items.slice(n + 1).map((i) => i.event.id);
      if (rest.length) await this.store.updateTable('event_outbox').set({ next_attempt_at: null }).where('id', 'in', rest).execute();
      await this.store
        .updateTable('event_outbox')
        .set({ attempts: 1, last_error: errorText(failure), next_attempt_at: new Date(this.now().getTime() + backoff(1)).toISOString() })
        .where('id', '=', item.event.id)
        .execute();
      void this.flush();
      break;
    }
    // each pushed event is an undelivered row until marked, which later writes of its aggregate look past: a
    // publisher that never lets the event loop turn (a busy loop of publishes) marks them itself now and then
    if (this.pushed.length >= MARK_AT_ONCE) await this.markPushed();
    else this.markSoon();
  }

  /**
   * Marks what this instance pushed as delivered, soon and in one update for all pushed meanwhile; then a round
   * if the last one held an aggregate back (its events may have waited behind one of these).
   */
  private markSoon(): void {
    if (this.marking) {
      this.markAgain = true;
      return;
    }
    this.marking = (async () => {
      do {
        this.markAgain = false;
        // after this turn's other pushes, in the same update
        await new Promise((resolve) => setImmediate(resolve));
        await this.markPushed();
      } while (this.markAgain && !this.closed);
      if (this.heldBack && !this.closed) void this.flush();
    })()
      .catch((err: unknown) => {
        if (!this.closed) (this.opts.onError ?? ((e) => console.error('outbox dispatch failed:', e)))(err);
      })
      .finally(() => {
        this.marking = null;
      });
  }

  /** To every instance, then to the local handlers; answers the fan-out's failure, if any. */
  private async fanOut(event: DomainEvent): Promise<unknown> {
    try {
      await this.opts.fanout.broadcast(event);
    } catch (err) {
      this.onHandlerError(err, event);
      return err ?? new Error('fan-out failed');
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

  private async drain(): Promise<void> {
    try {
      await this.markPushed();
      this.heldBack = false;
      const batch = this.opts.batch ?? 200;
      while (!this.closed && (await this.round(batch)) >= batch);
      await this.prune();
    } catch (err) {
      if (!this.closed) (this.opts.onError ?? ((e) => console.error('outbox dispatch failed:', e)))(err);
    }
  }

  private async markPushed(): Promise<void> {
    const ids = this.pushed;
    this.pushed = [];
    const at = this.now().toISOString();
    for (const part of chunk(ids, 500)) {
      await this.store.updateTable('event_outbox').set({ delivered_at: at, next_attempt_at: null }).where('id', 'in', part).execute();
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
    if (stopped.size) this.heldBack = true;
    const ready = rows.filter((r) => deliverable.has(r.seq));
    // who had what: the subscribers written on the row, and the deliveries recorded by earlier rounds
    const done = new Set<string>();
    for (const r of ready) for (const name of (r.subscribed ?? '').split(',')) if (name) done.add(`${r.id}\n${name}`);
    const everyone = this.everyone();
    const unsure = ready.filter((r) => r.subscribed !== everyone).map((r) => r.id);
    let recorded = false;
    if (unsure.length && this.subscribers.size) {
      const had = await claim.selectFrom('event_deliveries').select(['event', 'subscriber']).where('event', 'in', unsure).execute();
      for (const d of had) done.add(`${d.event}\n${d.subscriber}`);
      recorded = had.length > 0;
    }
    const lacking = new Set<string>();
    const failed = new Map<string, unknown>();
    for (const [name, subscriber] of this.subscribers) {
      const todo = ready.filter((r) => !done.has(`${r.id}\n${name}`)).map((r) => ({ event: fromRow(r), aggregate: r.aggregate }));
      if (!todo.length) continue;
      recorded = true;
      const out = await this.deliverTo(name, subscriber, todo);
      for (const t of todo) if (!out.had.has(t.event.id)) lacking.add(t.event.id);
      for (const [id, err] of out.failed) if (!failed.has(id)) failed.set(id, err);
    }
    // the fan-out goes as far as every subscriber has had an aggregate's events, in order
    const held = new Set<string>();
    const delivered: string[] = [];
    for (const row of ready) {
      if (held.has(row.aggregate)) continue;
      if (lacking.has(row.id)) {
        held.add(row.aggregate);
        if (failed.has(row.id)) await setBack(claim, row, failed.get(row.id), this.now(), this.opts.maxAttempts ?? 20);
        continue;
      }
      const failure = await this.fanOut(fromRow(row));
      if (failure === null) {
        delivered.push(row.id);
        continue;
      }
      held.add(row.aggregate);
      await setBack(claim, row, failure, this.now(), this.opts.maxAttempts ?? 20);
    }
    if (delivered.length) {
      const at = this.now().toISOString();
      await claim.updateTable('event_outbox').set({ delivered_at: at, last_error: null }).where('id', 'in', delivered).execute();
      if (recorded) await claim.deleteFrom('event_deliveries').where('event', 'in', delivered).execute();
    }
    return rows.length;
  }

  /**
   * Hands a subscriber events it has not had, in one transaction that records the deliveries first: one another
   * process recorded meanwhile (a CLI sharing SQLite, a claim that timed out) is not run again.
   */
  private async deliverTo(name: string, subscriber: Durable, todo: Item[]): Promise<Outcome> {
    try {
      return await this.store.transaction().execute(async (tx) => {
        const at = this.now().toISOString();
        const ours = new Set<string>();
        for (const part of chunk(todo, INSERT_ROWS)) {
          const inserted = await tx
            .insertInto('event_deliveries')
            .values(part.map((t) => ({ event: t.event.id, subscriber: name, at })))
            .onConflict((oc) => oc.columns(['event', 'subscriber']).doNothing())
            .returning('event')
            .execute();
          for (const r of inserted) ours.add(r.event);
        }
        const out = await this.run(
          tx as never,
          subscriber,
          todo.filter((t) => ours.has(t.event.id)),
          true,
        );
        for (const t of todo) if (!ours.has(t.event.id)) out.had.add(t.event.id);
        const missed = todo.filter((t) => !out.had.has(t.event.id)).map((t) => t.event.id);
        if (missed.length) await tx.deleteFrom('event_deliveries').where('subscriber', '=', name).where('event', 'in', missed).execute();
        return out;
      });
    } catch (err) {
      // the database, not the subscriber: every event of the run waits, the first of each aggregate is retried
      const out: Outcome = { had: new Set(), failed: new Map() };
      const seen = new Set<string>();
      for (const t of todo) {
        if (seen.has(t.aggregate)) continue;
        seen.add(t.aggregate);
        out.failed.set(t.event.id, err);
        this.onHandlerError(err, t.event);
      }
      return out;
    }
  }

  private async prune(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await pruneDelivered(this.store, now);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pending;
    await this.current;
    await this.marking;
    this.closed = true;
    try {
      await this.markPushed();
    } catch (err) {
      // the database is gone: the leases run out and another instance pushes these again
      (this.opts.onError ?? ((e) => console.error('outbox dispatch failed:', e)))(err);
    }
    await this.opts.fanout.close();
  }
}
