import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/load-demo.js';
import { READ_SAMPLE } from '../../src/platform/http/request-log.js';
import { call, databases, login, startTestApp, type TestApp } from '../support/harness.js';

interface Line {
  level: number;
  reqId?: string;
  msg?: string;
  r?: string;
  s?: number;
  ms?: number;
  sampled?: number;
  ip?: string;
  route?: string | null;
  code?: string | null;
  err?: { message: string; stack: string };
}

/** pino's levels: what a server at the default level (info) writes is every line of level 30 and above */
const DEBUG = 20;
const INFO = 30;
const WARN = 40;
const ERROR = 50;

describe.each(databases())('logs on %s', (kind) => {
  let app: TestApp;
  const lines: string[] = [];
  const records = () => lines.map((l) => JSON.parse(l) as Line);
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    // debug, so that every line is seen; the level of each says what the default (info) would have written
    app = await startTestApp(
      kind,
      { HUIWU_LOG_LEVEL: 'debug' },
      {
        logStream: sink,
        extraRoutes: (a) =>
          a.get('/api/v1/test/boom', { config: { permission: 'public' } }, () => {
            throw new Error('boom in a handler');
          }),
      },
    );
    await loadDemo(app.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
  });
  afterAll(async () => app?.dispose());

  it('record each request as structured JSON with its request id, and never a password, cookie, token or feed URL secret', async () => {
    const password = 'wuzhen-demo-2017';
    const s = await login(app, 'guest@wic2017.example.org', password);
    const token = (await call(app, s, 'POST', '/api/v1/auth/tokens', { name: 'mine' })).json().token as string;
    await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-me' } });
    const feed = new URL((await call(app, s, 'POST', '/api/v1/events/wic2017/agenda/feed', {})).json().url as string).pathname;
    expect((await call(app, null, 'GET', feed)).statusCode).toBe(200);
    const feedSecret = feed.split('/').pop()!.replace(/\.ics$/, '');
    // the badge desk sends the scanned invitation QR, which carries a personal token
    const desk = await login(app, 'desk@wic2017.example.org', password);
    const inviteToken = 'InviteTokenThatMustNotBeLogged0123456789abc';
    const lookup = await call(app, desk, 'GET', `/api/v1/events/wic2017/desk/invitation?code=${encodeURIComponent(`https://huiwu.example.org/app/register/${inviteToken}`)}`);
    expect(lookup.statusCode).toBe(404);

    expect(records().some((r) => r.reqId === 'trace-me' && r.r === 'GET /api/v1/auth/me' && r.s === 200)).toBe(true);
    expect(records().some((r) => r.r === 'GET /api/v1/calendar/[redacted]')).toBe(true);
    expect(records().some((r) => r.r?.startsWith('GET /api/v1/events/wic2017/desk/invitation?code=[redacted]') && r.level === WARN)).toBe(true);
    const all = lines.join('\n');
    for (const secret of [password, token, s.cookie.split('=')[1]!, s.csrf, feedSecret, inviteToken]) expect(all).not.toContain(secret);
  });

  it(`writes one short line per routine request, and at the default level one in ${READ_SAMPLE} successful reads of a route`, async () => {
    const from = lines.length;
    const count = 2 * READ_SAMPLE;
    for (let i = 0; i < count; i++) {
      const res = await app.app.inject({ method: 'GET', url: '/api/v1/events/wic2017/programme?lang=en' });
      expect(res.statusCode).toBe(200);
    }
    const mine = lines.slice(from).filter((l) => l.includes('"r":"GET /api/v1/events/wic2017/programme?lang=en"'));
    expect(mine).toHaveLength(count);
    const parsed = mine.map((l) => JSON.parse(l) as Line);
    expect(parsed.filter((r) => r.level === INFO)).toHaveLength(2);
    expect(parsed.filter((r) => r.level === DEBUG)).toHaveLength(count - 2);
    expect(parsed.filter((r) => r.level === INFO).map((r) => r.sampled)).toEqual([READ_SAMPLE, READ_SAMPLE]);
    // method, url, status, time and request id: Fastify's two lines per request came to about 420 bytes. Beyond the
    // url and the machine's name, a line holds at most 165 bytes (a 36-character request id, pino's time, level and pid).
    expect(Object.keys(parsed[0]!)).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'r', 's', 'ms', 'sampled', 'msg']);
    expect(Object.keys(parsed[1]!)).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'r', 's', 'ms', 'msg']);
    const url = '/api/v1/events/wic2017/programme?lang=en';
    const overhead = Math.max(...mine.map((l) => Buffer.byteLength(l))) - url.length - Buffer.byteLength(hostname());
    expect(overhead).toBeLessThanOrEqual(165);
    expect(parsed[0]).toMatchObject({ msg: 'req', r: `GET ${url}`, s: 200, sampled: READ_SAMPLE, reqId: expect.any(String) as string, ms: expect.any(Number) as number });

    // a write is routine too, but every one is kept at info
    const s = await login(app, 'guest@wic2017.example.org', 'wuzhen-demo-2017');
    const before = lines.length;
    expect((await call(app, s, 'POST', '/api/v1/auth/tokens', { name: 'another' })).statusCode).toBe(201);
    const write = lines.slice(before).map((l) => JSON.parse(l) as Line).filter((r) => r.r === 'POST /api/v1/auth/tokens');
    expect(write).toHaveLength(1);
    expect(write[0]!.level).toBe(INFO);
  });

  it('keeps refusals whole at warn and failures whole at error, with the caller, route and refusal code', async () => {
    const from = lines.length;
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/events/no-such-event/programme', headers: { 'user-agent': 'curl/8' } })).statusCode).toBe(404);
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/test/boom' })).statusCode).toBe(500);
    const mine = lines.slice(from).map((l) => JSON.parse(l) as Line & { ua?: string });
    const refused = mine.find((r) => r.r === 'GET /api/v1/events/no-such-event/programme');
    expect(refused).toMatchObject({ level: WARN, msg: 'request refused', s: 404, ip: '127.0.0.1', route: '/api/v1/events/:slug/programme', code: 'not_found', ua: 'curl/8' });
    const failed = mine.find((r) => r.r === 'GET /api/v1/test/boom');
    expect(failed).toMatchObject({ level: ERROR, msg: 'request failed', s: 500, route: '/api/v1/test/boom', code: 'internal' });
    // the handler's error itself is logged with its stack under the same request id
    const unhandled = mine.find((r) => r.err?.message === 'boom in a handler');
    expect(unhandled?.level).toBe(ERROR);
    expect(unhandled?.reqId).toBe(failed?.reqId);
    expect(unhandled?.err?.stack).toContain('logging.test.ts');
  });
});
