import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type DomainEvent, type Fanout, MemoryFanout, RedisFanout } from '../../src/platform/bus/bus.js';
import * as outboxMigration from '../../src/platform/db/migrations/0010_platform_outbox_jobs.js';
import * as subscribedMigration from '../../src/platform/db/migrations/0014_platform_outbox_subscribed.js';
import { redisNamespace } from '../../src/platform/bus/namespace.js';
import { OutboxBus } from '../../src/platform/bus/outbox.js';
import { type Db, openDatabase } from '../../src/platform/db/database.js';
import { scratchDatabase } from './scratch-db.js';

const redisUrl = inject('redisUrl');
const pgUrl = inject('pgUrl');

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

// ---------------------------------------------------------------------------------------------------------------
// The fan-out: how an event reaches every instance (best effort; the outbox makes it at least once).

const fanouts: Array<[string, (ns: string) => Promise<Fanout>]> = [['memory', async () => new MemoryFanout()]];
if (redisUrl) fanouts.push(['redis', (ns) => RedisFanout.connect(redisUrl, ns)]);

describe.each(fanouts)('fan-out contract: %s', (_name, make) => {
  const open: Fanout[] = [];
  // each test its own namespace, so parallel suites never hear each other
  const fanout = async () => {
    const f = await make(`huiwu:test:${randomUUID()}`);
    open.push(f);
    return f;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((f) => f.close()));
  });
  const event = (type: string): DomainEvent => ({ id: randomUUID(), type, at: new Date().toISOString(), eventId: 1, actorUserId: null, requestId: null, payload: { n: 1 }, origin: 'x' });

  it('delivers the whole event to every handler, including on the broadcasting instance', async () => {
    const f = await fanout();
    const seen: DomainEvent[] = [];
    f.onCluster((e) => void seen.push(e), () => undefined);
    const sent = event('programme.published');
    await f.broadcast(sent);
    await until(() => seen.length === 1);
    expect(seen).toEqual([sent]);
  });

  it('stops delivering after unsubscribe, and keeps delivering to the others when one handler throws', async () => {
    const f = await fanout();
    const seen: string[] = [];
    const errors: string[] = [];
    const off = f.onCluster((e) => void seen.push(`gone:${e.type}`), () => undefined);
    f.onCluster(
      () => {
        throw new Error('boom');
      },
      (err, e) => void errors.push(`${e.type}: ${(err as Error).message}`),
    );
    f.onCluster((e) => void seen.push(e.type), () => undefined);
    off();
    await f.broadcast(event('a.done'));
    await f.broadcast(event('b.done'));
    await until(() => seen.length === 2);
    expect(seen).toEqual(['a.done', 'b.done']);
    expect(errors).toEqual(['a.done: boom', 'b.done: boom']);
  });
});

describe.skipIf(!redisUrl)('redis namespaces per installation', () => {
  /** an installation is a database (here just its settings table): each derives its namespace from the id kept in it */
  const installation = async () => {
    const database = openDatabase({ kind: 'sqlite', file: ':memory:' });
    await sql`create table settings (key text primary key, value text not null)`.execute(database.db);
    return database;
  };

  it('keeps the events of two installations on one Redis apart, and joins the instances of one installation', async () => {
    const [one, two] = await Promise.all([installation(), installation()]);
    const [nsOne, nsOneAgain, nsTwo] = await Promise.all([redisNamespace(one.db, undefined), redisNamespace(one.db, undefined), redisNamespace(two.db, undefined)]);
    expect(nsOneAgain).toBe(nsOne);
    expect(nsTwo).not.toBe(nsOne);
    const buses = await Promise.all([RedisFanout.connect(redisUrl!, nsOne), RedisFanout.connect(redisUrl!, nsOneAgain), RedisFanout.connect(redisUrl!, nsTwo)]);
    const [a1, a2, b] = buses;
    try {
      const seen = { a1: [] as string[], a2: [] as string[], b: [] as string[] };
      a1!.onCluster((e) => void seen.a1.push(e.type), () => undefined);
      a2!.onCluster((e) => void seen.a2.push(e.type), () => undefined);
      b!.onCluster((e) => void seen.b.push(e.type), () => undefined);
      const at = new Date().toISOString();
      await b!.broadcast({ id: randomUUID(), type: 'programme.published', at, eventId: 1, actorUserId: null, requestId: null, payload: { version: 9 }, origin: 'b' });
      await a1!.broadcast({ id: randomUUID(), type: 'notice.published', at, eventId: 1, actorUserId: null, requestId: null, payload: {}, origin: 'a1' });
      await until(() => seen.a1.length === 1 && seen.a2.length === 1 && seen.b.length === 1);
      // b's event went out before a1's: had it crossed over, a1 and a2 would have heard it first
      expect(seen).toEqual({ a1: ['notice.published'], a2: ['notice.published'], b: ['programme.published'] });
    } finally {
      await Promise.all([...buses.map((x) => x.close()), one.close(), two.close()]);
    }
  });

  it('takes HUIWU_REDIS_PREFIX over the derived namespace', async () => {
    const one = await installation();
    try {
      expect(await redisNamespace(one.db, 'wic2017-prod')).toBe('wic2017-prod');
      expect(await redisNamespace(one.db, undefined)).toMatch(/^huiwu:[0-9a-f]{12}$/);
    } finally {
      await one.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The bus: the outbox in the database, its dispatcher, and a fan-out (SQLite + memory, PostgreSQL + Redis).

type Setup = ['sqlite' | 'postgres', 'memory' | 'redis'];
const setups: Setup[] = [['sqlite', 'memory']];
if (pgUrl) setups.push(['postgres', redisUrl ? 'redis' : 'memory']);

describe.each(setups)('bus contract: outbox on %s, fan-out over %s', (kind, transport) => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  const buses: OutboxBus[] = [];
  let clock = Date.parse('2026-12-01T08:00:00Z');
  const namespace = `huiwu:test:${randomUUID()}`;

  // in one process, instances on the memory fan-out share it as instances on Redis share its channel
  let shared = new MemoryFanout();
  /** an instance: its own connection to the shared database, its own dispatcher (rounds only when flushed) */
  const instance = async (db: Db, fanout?: Fanout) => {
    const bus = new OutboxBus({
      db,
      dialect: kind,
      fanout: fanout ?? (transport === 'redis' ? await RedisFanout.connect(redisUrl!, namespace) : shared),
      pollMs: 0,
      now: () => new Date(clock),
      onError: (err) => {
        throw err;
      },
    });
    buses.push(bus);
    return bus;
  };
  const fresh = async () => {
    scratch = await scratchDatabase(kind, pgUrl);
    const database = scratch.open();
    await outboxMigration.up(database.db as never);
    await subscribedMigration.up(database.db as never);
    await sql`create table seen (n ${sql.raw(kind === 'postgres' ? 'serial' : 'integer')} primary key, subscriber text not null, event text not null, type text not null)`.execute(database.db);
    return database.db;
  };
  type SubscriberTx = Parameters<Parameters<OutboxBus['subscribe']>[1]>[1];
  /** a durable subscriber that writes what it had in its transaction */
  const recorder = (name: string) => async (e: DomainEvent, tx: SubscriberTx) => {
    await sql`insert into seen (subscriber, event, type) values (${name}, ${e.id}, ${e.type})`.execute(tx);
  };
  /**
   * Events written in a transaction by an instance that dies at once, its subscriber failing: none had them, and
   * they are due again after the back-off (100 ms), for the dispatchers to deliver.
   */
  const writtenForDispatchers = async (db: Db, events: Parameters<OutboxBus['publishMany']>[0]) => {
    const writer = await instance(db);
    writer.onHandlerError = () => undefined;
    writer.subscribe('audit', () => Promise.reject(new Error('audit down')));
    await db.transaction().execute(async (tx) => {
      await writer.publishMany(events, { tx });
    });
    await writer.close();
    clock += 100;
  };
  const seen = async (db: Db, subscriber?: string) => {
    const rows = await sql<{ subscriber: string; type: string }>`select subscriber, type from seen order by n`.execute(db);
    return rows.rows.filter((r) => !subscriber || r.subscriber === subscriber).map((r) => (subscriber ? r.type : `${r.subscriber}:${r.type}`));
  };

  afterEach(async () => {
    await Promise.allSettled(buses.splice(0).map((b) => b.close()));
    await scratch?.dispose();
    clock = Date.parse('2026-12-01T08:00:00Z');
    shared = new MemoryFanout();
  });

  it('delivers to every durable subscriber before publish returns, once, with the full event', async () => {
    const db = await fresh();
    const bus = await instance(db);
    const had: DomainEvent[] = [];
    bus.subscribe('audit', async (e, tx) => {
      had.push(e);
      await recorder('audit')(e, tx);
    });
    const published = await bus.publish({ type: 'session.updated', eventId: 7, actorUserId: 3, payload: { sessionId: 1 } });
    expect(had).toEqual([published]);
    expect(published).toMatchObject({ type: 'session.updated', eventId: 7, actorUserId: 3, requestId: null, payload: { sessionId: 1 }, origin: bus.instanceId });
    await bus.flush();
    expect(await seen(db)).toEqual(['audit:session.updated']);
  });

  it('delivers to cluster handlers on every instance, including the publishing one', async () => {
    const db = await fresh();
    const [a, b] = [await instance(db), await instance(scratch.open().db)];
    const onA: string[] = [];
    const onB: DomainEvent[] = [];
    a.onCluster((e) => void onA.push(e.type));
    b.onCluster((e) => void onB.push(e));
    const sent = await a.publish({ type: 'programme.published', eventId: 1, payload: { version: 2 } });
    await until(() => onA.length === 1 && onB.length === 1);
    expect(onB).toEqual([sent]);
    expect(onB[0]!.origin).toBe(a.instanceId);
  });

  it('writes the event in the caller’s transaction: rolled back it is never delivered, committed it is', async () => {
    const db = await fresh();
    const bus = await instance(db);
    bus.subscribe('audit', recorder('audit'));
    await expect(
      db.transaction().execute(async (tx) => {
        await bus.publish({ type: 'guest.rejected', eventId: 1, payload: { guestId: 1 } }, { tx });
        throw new Error('the credential revocation failed');
      }),
    ).rejects.toThrow('the credential revocation failed');
    await db.transaction().execute(async (tx) => {
      await bus.publish({ type: 'guest.approved', eventId: 1, payload: { guestId: 2 } }, { tx });
    });
    await bus.flush();
    expect(await seen(db)).toEqual(['audit:guest.approved']);
  });

  it('retries a failing subscriber with back-off, never re-running one that had the event', async () => {
    const db = await fresh();
    const bus = await instance(db);
    const failures: string[] = [];
    bus.onHandlerError = (err, e) => void failures.push(`${e.type}: ${(err as Error).message}`);
    let down = true;
    bus.subscribe('audit', recorder('audit'));
    bus.subscribe('metrics', async (e, tx) => {
      if (down) throw new Error('metrics down');
      await recorder('metrics')(e, tx);
    });
    await expect(bus.publish({ type: 'gate.scanned', eventId: 1, payload: {} })).resolves.toMatchObject({ type: 'gate.scanned' });
    expect(failures).toEqual(['gate.scanned: metrics down']);
    down = false;
    await bus.flush();
    expect(await seen(db)).toEqual(['audit:gate.scanned']); // backing off: 100 ms after the first failure
    clock += 99;
    await bus.flush();
    expect(await seen(db)).toEqual(['audit:gate.scanned']);
    clock += 1;
    await bus.flush();
    expect(await seen(db)).toEqual(['audit:gate.scanned', 'metrics:gate.scanned']);
    await bus.flush();
    expect(await seen(db)).toEqual(['audit:gate.scanned', 'metrics:gate.scanned']);
  });

  it('delivers the events of one aggregate in order, holding later ones back while an earlier one fails', async () => {
    const db = await fresh();
    const bus = await instance(db);
    bus.onHandlerError = () => undefined;
    let failFirst = true;
    bus.subscribe('audit', async (e, tx) => {
      if (failFirst && e.type === 'x.first') throw new Error('not yet');
      await recorder('audit')(e, tx);
    });
    await bus.publish({ type: 'x.first', eventId: 1, payload: {} });
    await bus.publish({ type: 'x.second', eventId: 1, payload: {} });
    await bus.publish({ type: 'y.only', eventId: 2, payload: {} });
    expect(await seen(db, 'audit')).toEqual(['y.only']);
    failFirst = false;
    clock += 60_000;
    await bus.flush();
    expect(await seen(db, 'audit')).toEqual(['y.only', 'x.first', 'x.second']);
  });

  it('after a crash between subscribers, another instance re-runs only the unfinished ones', async () => {
    const db = await fresh();
    const broken: Fanout = { broadcast: () => Promise.reject(new Error('Redis gone')), onCluster: () => () => undefined, close: () => Promise.resolve() };
    const dying = await instance(db, broken);
    dying.onHandlerError = () => undefined;
    dying.subscribe('audit', recorder('audit'));
    dying.subscribe('stats', recorder('stats'));
    await dying.publish({ type: 'ride.assigned', eventId: 1, payload: {} });
    await dying.close();
    // the subscribers ran, the fan-out did not: the event is still undelivered
    expect(await seen(db)).toEqual(['audit:ride.assigned', 'stats:ride.assigned']);
    const next = await instance(scratch.open().db);
    next.subscribe('audit', recorder('audit'));
    next.subscribe('stats', recorder('stats'));
    next.subscribe('wall', recorder('wall'));
    const pushed: string[] = [];
    next.onCluster((e) => void pushed.push(e.type));
    clock += 60_000;
    await next.flush();
    await until(() => pushed.length === 1);
    expect(await seen(db)).toEqual(['audit:ride.assigned', 'stats:ride.assigned', 'wall:ride.assigned']);
    expect(pushed).toEqual(['ride.assigned']);
  });

  // SQLite serves one process, so the race exists on PostgreSQL alone: declared only there (a skipped test fails CI)
  if (kind === 'postgres') it('shares the work between instances dispatching at once: each event once, in order per aggregate', async () => {
    const db = await fresh();
    const instances = [await instance(db), await instance(scratch.open().db), await instance(scratch.open().db)];
    for (const bus of instances) bus.subscribe('audit', recorder('audit'));
    // written first, none had them in the writing transaction, delivered after: three instances race over 120
    // events of 4 aggregates
    await writtenForDispatchers(
      scratch.open().db,
      Array.from({ length: 120 }, (_, n) => ({ type: `e.${n}`, eventId: n % 4, payload: { n } })),
    );
    expect(await seen(db)).toEqual([]);
    await Promise.all(instances.flatMap((b) => [b.flush(), b.flush()]));
    await Promise.all(instances.map((b) => b.flush()));
    const rows = await sql<{ type: string }>`select type from seen order by n`.execute(db);
    const types = rows.rows.map((r) => r.type);
    expect(new Set(types).size).toBe(120);
    expect(types).toHaveLength(120);
    for (let agg = 0; agg < 4; agg++) {
      const order = types.map((t) => Number(t.slice(2))).filter((n) => n % 4 === agg);
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
  });

  it('publishes a batch in one go, in order: the subscriber’s batch form has it once, in the writing transaction', async () => {
    const db = await fresh();
    const bus = await instance(db);
    const batches: string[][] = [];
    bus.subscribe('audit', recorder('audit'), async (events, tx) => {
      batches.push(events.map((e) => e.type));
      for (const e of events) await recorder('audit')(e, tx);
    });
    const pushed: string[] = [];
    bus.onLocal((e) => void pushed.push(e.type));
    const types = ['a.1', 'b.1', 'a.2', 'a.3', 'b.2'];
    await db.transaction().execute(async (tx) => {
      const events = await bus.publishMany(
        types.map((type) => ({ type, eventId: type.startsWith('a') ? 1 : 2, payload: {} })),
        { tx },
      );
      expect(events.map((e) => e.type)).toEqual(types);
      // in the transaction, before the commit: the subscriber’s rows are written with the events
      expect(await seen(tx as never)).toEqual(types.map((t) => `audit:${t}`));
    });
    expect(batches).toEqual([types]);
    await bus.flush();
    expect(pushed).toEqual(types);
    // delivered once: a second round neither re-runs the subscriber nor pushes again
    await bus.flush();
    expect([await seen(db, 'audit'), pushed, batches]).toEqual([types, types, [types]]);
    const left = await sql<{ n: number }>`select count(*) as n from event_outbox where delivered_at is null`.execute(db);
    expect(Number(left.rows[0]!.n)).toBe(0);
  });

  it('rolls a batch back with the transaction that wrote it: neither its events nor the subscriber’s rows remain', async () => {
    const db = await fresh();
    const bus = await instance(db);
    bus.subscribe('audit', recorder('audit'), async (events, tx) => {
      for (const e of events) await recorder('audit')(e, tx);
    });
    await expect(
      db.transaction().execute(async (tx) => {
        await bus.publishMany([{ type: 'gate.scanned', eventId: 1, payload: {} }, { type: 'gate.scanned', eventId: 1, payload: {} }], { tx });
        throw new Error('the scans failed');
      }),
    ).rejects.toThrow('the scans failed');
    await bus.flush();
    const rows = await sql<{ n: number }>`select count(*) as n from event_outbox`.execute(db);
    expect([await seen(db), Number(rows.rows[0]!.n)]).toEqual([[], 0]);
  });

  it('when a subscriber fails inside a batch, keeps the rest: the failing event and its aggregate’s later ones wait for the retry', async () => {
    const db = await fresh();
    const bus = await instance(db);
    const failures: string[] = [];
    bus.onHandlerError = (err, e) => void failures.push(`${e.type}: ${(err as Error).message}`);
    let poisoned = true;
    const one = async (e: DomainEvent, tx: SubscriberTx) => {
      if (poisoned && e.type === 'a.2') throw new Error('a.2 refused');
      await recorder('audit')(e, tx);
    };
    bus.subscribe('audit', one, async (events, tx) => {
      for (const e of events) await one(e, tx);
    });
    bus.subscribe('stats', recorder('stats'));
    const pushed: string[] = [];
    bus.onLocal((e) => void pushed.push(e.type));
    const types = ['a.1', 'b.1', 'a.2', 'b.2', 'a.3'];
    await db.transaction().execute(async (tx) => {
      await bus.publishMany(
        types.map((type) => ({ type, eventId: type.startsWith('a') ? 1 : 2, payload: {} })),
        { tx },
      );
    });
    expect(failures).toEqual(['a.2: a.2 refused']);
    await bus.flush();
    // the batch was rolled back to its savepoint and run one by one: a.1 and aggregate b had it in the transaction
    expect(await seen(db, 'audit')).toEqual(['a.1', 'b.1', 'b.2']);
    expect(await seen(db, 'stats')).toEqual(types);
    // the push keeps the order per aggregate: nothing of a after a.1 goes out before a.2 is through
    expect(pushed).toEqual(['a.1', 'b.1', 'b.2']);
    // a later event of aggregate a written meanwhile does not overtake: the dispatcher delivers it after a.2
    await bus.publish({ type: 'a.4', eventId: 1, payload: {} });
    expect(await seen(db, 'audit')).toEqual(['a.1', 'b.1', 'b.2']);
    poisoned = false;
    clock += 100;
    await bus.flush();
    expect(await seen(db, 'audit')).toEqual(['a.1', 'b.1', 'b.2', 'a.2', 'a.3', 'a.4']);
    expect(await seen(db, 'stats')).toEqual([...types, 'a.4']);
    expect(pushed).toEqual(['a.1', 'b.1', 'b.2', 'a.2', 'a.3', 'a.4']);
    expect(failures).toEqual(['a.2: a.2 refused']);
  });

  it('when a subscriber fails inside a dispatched batch, delivers the others and retries the failing one alone', async () => {
    const db = await fresh();
    // the dispatcher of another instance delivers them in one round
    const types = ['a.1', 'a.2', 'a.3', 'b.1'];
    await writtenForDispatchers(
      db,
      types.map((type) => ({ type, eventId: type.startsWith('a') ? 1 : 2, payload: {} })),
    );
    const bus = await instance(scratch.open().db);
    const failures: string[] = [];
    bus.onHandlerError = (err, e) => void failures.push(`${e.type}: ${(err as Error).message}`);
    let poisoned = true;
    const batches: number[] = [];
    const one = async (e: DomainEvent, tx: SubscriberTx) => {
      if (poisoned && e.type === 'a.2') throw new Error('a.2 refused');
      await recorder('audit')(e, tx);
    };
    bus.subscribe('audit', one, async (events, tx) => {
      batches.push(events.length);
      for (const e of events) await one(e, tx);
    });
    await bus.flush();
    expect([await seen(db, 'audit'), failures, batches]).toEqual([['a.1', 'b.1'], ['a.2: a.2 refused'], [4]]);
    poisoned = false;
    await bus.flush();
    expect(await seen(db, 'audit')).toEqual(['a.1', 'b.1']); // backing off
    clock += 100;
    await bus.flush();
    expect(await seen(db, 'audit')).toEqual(['a.1', 'b.1', 'a.2', 'a.3']);
    const deliveries = await sql<{ n: number }>`select count(*) as n from event_deliveries`.execute(db);
    expect(Number(deliveries.rows[0]!.n)).toBe(0);
  });

  it('after a crash between the write and the push, another instance pushes the event once its publisher’s lease runs out', async () => {
    const db = await fresh();
    // the publisher dies while pushing: its broadcast never returns
    const hanging: Fanout = { broadcast: () => new Promise<void>(() => undefined), onCluster: () => () => undefined, close: () => Promise.resolve() };
    const dying = await instance(db, hanging);
    dying.subscribe('audit', recorder('audit'));
    void dying.publish({ type: 'notice.published', eventId: 1, payload: {} });
    const next = await instance(scratch.open().db);
    next.subscribe('audit', recorder('audit'));
    const pushed: string[] = [];
    next.onLocal((e) => void pushed.push(e.type));
    // the audit row committed with the event; the push is the publisher's for now
    for (let n = 0; n < 200 && (await seen(db)).length === 0; n++) await new Promise((r) => setTimeout(r, 5));
    expect(await seen(db)).toEqual(['audit:notice.published']);
    await next.flush();
    expect(pushed).toEqual([]);
    clock += 30_000;
    await next.flush();
    expect(pushed).toEqual(['notice.published']);
    await next.flush();
    expect([pushed, await seen(db)]).toEqual([['notice.published'], ['audit:notice.published']]);
  });

  it('after a crash between a transaction’s commit and its flush, any instance delivers its events', async () => {
    const db = await fresh();
    const broken: Fanout = { broadcast: () => Promise.reject(new Error('unreachable')), onCluster: () => () => undefined, close: () => Promise.resolve() };
    const dying = await instance(db, broken);
    dying.onHandlerError = () => undefined;
    dying.subscribe('audit', async () => {
      throw new Error('audit down');
    });
    await db.transaction().execute(async (tx) => {
      await dying.publishMany([{ type: 'ride.assigned', eventId: 1, payload: {} }, { type: 'ride.done', eventId: 1, payload: {} }], { tx });
    });
    await dying.close();
    expect(await seen(db)).toEqual([]);
    const next = await instance(scratch.open().db);
    next.subscribe('audit', recorder('audit'));
    const pushed: string[] = [];
    next.onLocal((e) => void pushed.push(e.type));
    clock += 100;
    await next.flush();
    expect([await seen(db), pushed]).toEqual([['audit:ride.assigned', 'audit:ride.done'], ['ride.assigned', 'ride.done']]);
  });
});
