import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSse, sseEndpoint, type SseEndpoint } from './sse.js';
import type { App } from './types.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function serve(heartbeatMs: number): Promise<{ app: App; endpoint: SseEndpoint; url: string; closed: string[] }> {
  const app = Fastify().withTypeProvider<ZodTypeProvider>() as unknown as App;
  const endpoint = sseEndpoint(app, { heartbeatMs });
  const closed: string[] = [];
  app.get('/stream', async (req, reply) => {
    const stream = endpoint.open(req, reply, () => closed.push(req.id));
    stream.send({ id: 7, event: 'hello', data: { n: 1 } });
    return reply;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, endpoint, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/stream`, closed };
}

async function readFor(res: Response, ms: number): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const chunk = await Promise.race([reader.read(), sleep(until - Date.now()).then(() => null)]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  void reader.cancel().catch(() => undefined);
  return text;
}

describe('the SSE endpoint helper', () => {
  let app: App | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it('formats a message with its id, event name and one line of JSON', () => {
    expect(formatSse({ id: 3, event: 'notice', data: { a: 'x\ny' } })).toBe('id: 3\nevent: notice\ndata: {"a":"x\\ny"}\n\n');
    expect(formatSse({ data: 1 })).toBe('data: 1\n\n');
  });

  it('streams events with the event-stream headers and sends heartbeat comments while idle', async () => {
    const s = await serve(40);
    app = s.app;
    const res = await fetch(s.url);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    const text = await readFor(res, 200);
    expect(text.startsWith('retry: 3000\n\nid: 7\nevent: hello\ndata: {"n":1}\n\n')).toBe(true);
    expect(text.split(': heartbeat\n\n').length - 1).toBeGreaterThanOrEqual(2);
  });

  it('forgets a stream once its client goes away', async () => {
    const s = await serve(25_000);
    app = s.app;
    // node:http rather than fetch: undici holds a socket for a few seconds after an abort, delaying close()
    const req = get(s.url);
    await new Promise((resolve) => req.on('response', resolve));
    expect(s.endpoint.size).toBe(1);
    req.destroy();
    const deadline = Date.now() + 2000;
    while (s.endpoint.size > 0 && Date.now() < deadline) await sleep(10);
    expect(s.endpoint.size).toBe(0);
    expect(s.closed).toHaveLength(1);
  });

  it('ends every open stream when the app closes, so that closing does not wait for clients', async () => {
    const s = await serve(25_000);
    const res = await fetch(s.url);
    const reading = readFor(res, 5000);
    const started = Date.now();
    await s.app.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await reading).toContain('event: hello');
    expect(s.endpoint.size).toBe(0);
    expect(s.closed).toHaveLength(1);
  });
});
