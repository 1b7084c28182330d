import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { type Bus, type DomainEvent, MemoryBus, RedisBus } from '../../src/platform/bus/bus.js';

type Factory = () => Promise<Bus>;
const redisUrl = inject('redisUrl');
// Each test gets its own channel so parallel suites never see each other's events.
const channel = `huiwu:test:${randomUUID()}`;
const implementations: Array<[string, Factory]> = [['memory', async () => new MemoryBus()]];
if (redisUrl) implementations.push(['redis', () => RedisBus.connect(redisUrl, channel)]);

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
