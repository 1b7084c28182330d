import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadDemo } from '../../src/demo/load-demo.js';
import { createHuiwu, type Huiwu } from '../../src/main.js';
import { loadConfig } from '../../src/platform/config.js';

const pgUrl = inject('pgUrl');
const redisUrl = inject('redisUrl');

/** Two instances behind an imaginary load balancer: one PostgreSQL schema, one Redis. */
describe.skipIf(!pgUrl || !redisUrl)('two stateless instances on PostgreSQL and Redis', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  // shared storage for files, as a cluster's instances have
  const filesDir = mkdtempSync(join(tmpdir(), 'huiwu-cluster-files-'));
  let a: Huiwu;
  let b: Huiwu;
  const admin = (sql: string) => {
    const c = new pg.Client({ connectionString: pgUrl! });
    return c.connect().then(() => c.query(sql)).finally(() => c.end());
  };

  beforeAll(async () => {
    await admin(`create schema ${schema}`);
    const config = {
      ...loadConfig({ HUIWU_LOG_LEVEL: 'silent', HUIWU_REDIS_URL: redisUrl!, HUIWU_LOGIN_RATE: '4', HUIWU_FILES_DIR: filesDir }),
      database: { kind: 'postgres' as const, url: pgUrl!, schema },
    };
    a = await createHuiwu(config);
    b = await createHuiwu(config);
    await loadDemo(a.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await admin(`drop schema ${schema} cascade`);
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('share one installation secret and report the Redis bus', async () => {
    expect(a.deps.secret).toBe(b.deps.secret);
    expect((await b.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok', database: 'postgres', bus: 'redis' });
  });

  it('accept on one instance a session started on the other', async () => {
    const res = await a.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'organiser@wic2017.example.org', password: 'wuzhen-demo-2017' } });
    const cookie = `huiwu_session=${res.cookies.find((c) => c.name === 'huiwu_session')?.value}`;
    const me = await b.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe('organiser@wic2017.example.org');
  });

  it('serve from one instance the programme just published on the other, and tell the other through the bus', async () => {
    const seenOnB: string[] = [];
    b.deps.bus.onCluster((e) => void (e.type === 'programme.published' && seenOnB.push(e.origin)));
    const before = (await b.app.inject({ method: 'GET', url: '/api/v1/events/wic2017/programme?lang=en' })).json();
    const login = await a.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'organiser@wic2017.example.org', password: 'wuzhen-demo-2017' } });
    const headers = { cookie: `huiwu_session=${login.cookies.find((c) => c.name === 'huiwu_session')?.value}`, 'x-csrf-token': login.json().csrfToken as string };
    const oc = before.sessions.find((s: { code: string }) => s.code === 'OC');
    await a.app.inject({ method: 'PATCH', url: `/api/v1/events/wic2017/sessions/${oc.id}`, headers, payload: { title: { zh: '开幕式（更新）', en: 'Opening ceremony (updated)' } } });
    expect((await a.app.inject({ method: 'POST', url: '/api/v1/events/wic2017/publish', headers })).statusCode).toBe(201);
    // B caches the latest version; the bus event from A is what tells it to look again.
    const deadline = Date.now() + 2000;
    while (seenOnB.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(seenOnB).toEqual([a.deps.bus.instanceId]);
    const after = (await b.app.inject({ method: 'GET', url: '/api/v1/events/wic2017/programme?lang=en' })).json();
    expect(after.version).toBe(before.version + 1);
    expect(after.sessions.find((s: { code: string }) => s.code === 'OC').title).toBe('Opening ceremony (updated)');
  });

  it('report on one instance the progress of a badge batch started on the other, and serve its file there', async () => {
    const login = await a.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'organiser@wic2017.example.org', password: 'wuzhen-demo-2017' } });
    const headers = { cookie: `huiwu_session=${login.cookies.find((c) => c.name === 'huiwu_session')?.value}`, 'x-csrf-token': login.json().csrfToken as string };
    expect((await a.app.inject({ method: 'POST', url: '/api/v1/events/wic2017/credentials/issue-missing', headers })).statusCode).toBe(200);
    const start = await a.app.inject({ method: 'POST', url: '/api/v1/events/wic2017/badge-batches', headers, payload: { status: 'all' } });
    expect(start.statusCode).toBe(202);
    const { id, total } = start.json<{ id: string; total: number }>();
    expect(total).toBeGreaterThan(0);
    // the batch is a BullMQ job: whichever instance renders it, B knows how far it got
    await expect
      .poll(async () => (await b.app.inject({ method: 'GET', url: `/api/v1/events/wic2017/badge-batches/${id}`, headers })).json(), { timeout: 20_000 })
      .toEqual({ id, status: 'done', done: total, total });
    const file = await b.app.inject({ method: 'GET', url: `/api/v1/events/wic2017/badge-batches/${id}/file`, headers });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('count login attempts across instances', async () => {
    const email = `nobody-${randomBytes(4).toString('hex')}@example.org`;
    const statuses: number[] = [];
    for (const node of [a, b, a, b, a]) {
      statuses.push((await node.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'wrong' } })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });
});

describe('a CLI beside a running server on one SQLite file', () => {
  it('sees a publication made by the CLI without a shared bus (the version cache expires)', async () => {
    const { startTestApp, call } = await import('../support/harness.js');
    const { createPlatform } = await import('../../src/main.js');
    const { publishProgramme } = await import('../../src/modules/program/publish-programme.js');
    const { SYSTEM } = await import('../../src/platform/deps.js');
    const server = await startTestApp('sqlite');
    try {
      await loadDemo(server.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
      const first = (await call(server, null, 'GET', '/api/v1/events/wic2017/programme')).json().version as number;
      const cli = await createPlatform(server.deps.config);
      const event = await cli.deps.db.selectFrom('events').selectAll().where('slug', '=', 'wic2017').executeTakeFirstOrThrow();
      expect((await publishProgramme(cli.deps, SYSTEM, event)).ok).toBe(true);
      await cli.close();
      const started = Date.now();
      let seen = first;
      while (seen === first && Date.now() - started < 3000) {
        await new Promise((r) => setTimeout(r, 50));
        seen = (await call(server, null, 'GET', '/api/v1/events/wic2017/programme')).json().version as number;
      }
      expect(seen).toBe(first + 1);
    } finally {
      await server.dispose();
    }
  });
});
