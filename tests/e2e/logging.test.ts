import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/load-demo.js';
import { call, databases, login, startTestApp, type TestApp } from '../support/harness.js';

describe.each(databases())('logs on %s', (kind) => {
  let app: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    app = await startTestApp(kind, { HUIWU_LOG_LEVEL: 'info' }, { logStream: sink });
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

    const records = lines.map((l) => JSON.parse(l) as { reqId?: string; msg?: string; req?: { url: string } });
    expect(records.some((r) => r.reqId === 'trace-me' && r.msg === 'incoming request')).toBe(true);
    expect(records.some((r) => r.req?.url === '/api/v1/calendar/[redacted]')).toBe(true);
    const all = lines.join('\n');
    for (const secret of [password, token, s.cookie.split('=')[1]!, s.csrf, feedSecret, inviteToken]) expect(all).not.toContain(secret);
  });
});
