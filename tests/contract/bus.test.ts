import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { type Bus, type DomainEvent, MemoryBus, RedisBus } from '../../src/platform/bus/bus.js';
import { redisNamespace } from '../../src/platform/bus/namespace.js';
import { sql } from 'kysely';
import { openDatabase } from '../../src/platform/db/database.js';

type Factory = () => Promise<Bus>;
const redisUrl = inject('redisUrl');
// Each run gets its own namespace so parallel suites never see each other's events.
const namespace = `huiwu:test:${randomUUID()}`;
const implementations: Array<[string, Factory]> = [['memory', async () => new MemoryBus()]];
if (redisUrl) implementations.push(['redis', () => RedisBus.connect(redisUrl, namespace)]);

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe.each(implementations)('bus contract: %s', (_name, make) => {
  const open: Bus[] = [];
  const bus = async () => {
    const b = await make();
    open.push(b);
    return b;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });

  it('runs local handlers before publish returns, once, with the full event', async () => {
    const b = await bus();
    const seen: DomainEvent[] = [];
    b.onLocal((e) => void seen.push(e));
    const published = await b.publish({ type: 'session.updated', eventId: 7, actorUserId: 3, payload: { sessionId: 1 } });
    expect(seen).toEqual([published]);
    expect(published).toMatchObject({ type: 'session.updated', eventId: 7, actorUserId: 3, requestId: null, payload: { sessionId: 1 }, origin: b.instanceId });
    expect(Date.parse(published.at)).not.toBeNaN();
  });

  it('reports a failing local handler without failing the publish or skipping the next handler', async () => {
    const b = await bus();
    const failures: string[] = [];
    const seen: string[] = [];
    b.onHandlerError = (err, e) => void failures.push(`${e.type}: ${(err as Error).message}`);
    b.onLocal(() => {
      throw new Error('audit down');
    });
    b.onLocal((e) => void seen.push(e.type));
    await expect(b.publish({ type: 'session.created', payload: {} })).resolves.toMatchObject({ type: 'session.created' });
    expect(failures).toEqual(['session.created: audit down']);
    expect(seen).toEqual(['session.created']);
  });

  it('delivers to cluster handlers, including on the publishing instance', async () => {
    const b = await bus();
    const seen: string[] = [];
    b.onCluster((e) => void seen.push(e.type));
    await b.publish({ type: 'programme.published', payload: {} });
    await until(() => seen.length === 1);
    expect(seen).toEqual(['programme.published']);
  });

  it('stops delivering after unsubscribe', async () => {
    const b = await bus();
    const seen: string[] = [];
    const off = b.onCluster((e) => void seen.push(e.type));
    const offLocal = b.onLocal((e) => void seen.push(`local:${e.type}`));
    off();
    offLocal();
    await b.publish({ type: 'x.happened', payload: {} });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([]);
  });

  it('keeps delivering when a cluster handler throws', async () => {
    const b = await bus();
    const seen: string[] = [];
    b.onCluster(() => {
      throw new Error('boom');
    });
    b.onCluster((e) => void seen.push(e.type));
    await b.publish({ type: 'a.done', payload: {} });
    await b.publish({ type: 'b.done', payload: {} });
    await until(() => seen.length === 2);
    expect(seen).toEqual(['a.done', 'b.done']);
  });
});

describe.skipIf(!redisUrl)('redis bus across instances', () => {
  it('fans an event out to every instance but runs local handlers only where it was published', async () => {
    const ch = `huiwu:test:${randomUUID()}`;
    const [a, b] = await Promise.all([RedisBus.connect(redisUrl!, ch), RedisBus.connect(redisUrl!, ch)]);
    try {
      const localA: string[] = [];
      const localB: string[] = [];
      const clusterB: DomainEvent[] = [];
      a.onLocal((e) => void localA.push(e.type));
      b.onLocal((e) => void localB.push(e.type));
      b.onCluster((e) => void clusterB.push(e));
      const sent = await a.publish({ type: 'gate.scanned', eventId: 1, payload: { gate: 'N1' } });
      await until(() => clusterB.length === 1);
      expect(clusterB[0]).toEqual(sent);
      expect(clusterB[0]!.origin).toBe(a.instanceId);
      expect(localA).toEqual(['gate.scanned']);
      expect(localB).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
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
    const buses = await Promise.all([RedisBus.connect(redisUrl!, nsOne), RedisBus.connect(redisUrl!, nsOneAgain), RedisBus.connect(redisUrl!, nsTwo)]);
    const [a1, a2, b] = buses;
    try {
      const seen = { a1: [] as string[], a2: [] as string[], b: [] as string[] };
      a1!.onCluster((e) => void seen.a1.push(e.type));
      a2!.onCluster((e) => void seen.a2.push(e.type));
      b!.onCluster((e) => void seen.b.push(e.type));
      await b!.publish({ type: 'programme.published', eventId: 1, payload: { version: 9 } });
      await a1!.publish({ type: 'notice.published', eventId: 1, payload: {} });
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
