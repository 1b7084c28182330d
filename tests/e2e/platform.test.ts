import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';

describe.each(databases())('platform on %s', (kind) => {
  let app: TestApp;
  let admin: Session;
  beforeAll(async () => {
    app = await startTestApp(kind, { HUIWU_LOGIN_RATE: '3' });
    admin = await adminSession(app, 'root@example.org', 'a long admin password');
  });
  afterAll(async () => app?.dispose());

  it('reports health with the database in use', async () => {
    const res = await call(app, null, 'GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: kind, bus: 'memory' });
  });

  it('publishes a valid OpenAPI 3.1 document that lists the stable routes', async () => {
    const doc = (await call(app, null, 'GET', '/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    for (const path of ['/api/v1/events', '/api/v1/auth/login', '/api/v1/events/{slug}/schedule.xml', '/api/v1/events/{slug}/schedule.json', '/api/v1/events/{slug}/calendar.ics']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
  });

  it('counts requests per route in Prometheus metrics', async () => {
    await call(app, null, 'GET', '/api/v1/events');
    const text = (await call(app, null, 'GET', '/metrics')).body;
    expect(text).toMatch(/huiwu_http_requests_total\{method="GET",route="\/api\/v1\/events",status="200"\} [1-9]/);
  });

  it('echoes a caller request id and makes one up otherwise', async () => {
    const given = await call(app, null, 'GET', '/healthz', undefined, { 'x-request-id': 'gate-7.abc' });
    expect(given.headers['x-request-id']).toBe('gate-7.abc');
    const made = await call(app, null, 'GET', '/healthz');
    expect(String(made.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API routes with a coded error in the caller\'s language', async () => {
    const zh = await call(app, null, 'GET', '/api/v1/nothing', undefined, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(zh.statusCode).toBe(404);
    expect(zh.json()).toEqual({ error: { code: 'route_not_found', message: '没有此 API 路径：GET /api/v1/nothing。', field: null } });
    const en = await call(app, null, 'GET', '/api/v1/nothing', undefined, { 'accept-language': 'en-GB' });
    expect(en.json().error.message).toBe('No such API route: GET /api/v1/nothing.');
  });

  it('sets an HttpOnly, SameSite session cookie and stores only a scrypt hash of the password', async () => {
    const res = await call(app, null, 'POST', '/api/v1/auth/login', { email: 'ROOT@example.org', password: 'a long admin password' });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'huiwu_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const user = await app.deps.db.selectFrom('users').select('password_hash').where('email', '=', 'root@example.org').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    const stored = await app.deps.db.selectFrom('auth_sessions').select('id').execute();
    expect(stored.map((s) => s.id)).not.toContain(cookie?.value);
  });

  it('ends a session at logout', async () => {
    const s = await login(app, 'root@example.org', 'a long admin password');
    expect((await call(app, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await call(app, s, 'POST', '/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await call(app, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('accepts a bearer token without a CSRF header, and refuses a cookie write without one', async () => {
    const token = (await call(app, admin, 'POST', '/api/v1/auth/tokens', { name: 'script' })).json().token as string;
    const me = await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().email).toBe('root@example.org');
    const event = { slug: 'viatoken', name: { zh: '令牌', en: 'Token' }, timezone: 'UTC', startDate: '2030-01-01', endDate: '2030-01-02', languages: ['en'] };
    const viaToken = await app.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${token}` }, payload: event });
    expect(viaToken.statusCode).toBe(201);
    const noCsrf = await app.app.inject({ method: 'POST', url: '/api/v1/events', headers: { cookie: admin.cookie }, payload: { ...event, slug: 'nocsrf' } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf');
    const bogus = await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Bearer hw_not-a-real-token' } });
    expect(bogus.statusCode).toBe(401);
  });

  it('lists a user\'s tokens without their secrets and revokes one of their own only', async () => {
    const other = await call(app, admin, 'POST', '/api/v1/events', { slug: 'tok', name: { zh: '令', en: 'Tok' }, timezone: 'UTC', startDate: '2030-01-01', endDate: '2030-01-01', languages: ['en'] });
    expect(other.statusCode).toBe(201);
    const issued = (await call(app, admin, 'POST', '/api/v1/auth/tokens', { name: 'scanner 1' })).json();
    await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${issued.token}` } });
    const list = (await call(app, admin, 'GET', '/api/v1/auth/tokens')).json<Array<{ id: number; name: string; lastUsedAt: string | null; revoked: boolean }>>();
    const mine = list.find((t) => t.id === issued.id)!;
    expect(mine).toMatchObject({ name: 'scanner 1', revoked: false });
    expect(mine.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(issued.token);
    await call(app, admin, 'POST', '/api/v1/events/tok/accounts', { email: 'someone@example.org', displayName: 'Someone', password: 'someone password', role: 'guest' });
    const someone = await login(app, 'someone@example.org', 'someone password');
    expect((await call(app, someone, 'DELETE', `/api/v1/auth/tokens/${issued.id}`)).statusCode).toBe(404);
    expect((await call(app, admin, 'DELETE', `/api/v1/auth/tokens/${issued.id}`)).statusCode).toBe(200);
    const after = await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${issued.token}` } });
    expect(after.statusCode).toBe(401);
  });

  it('words validation details in the caller\'s language', async () => {
    const bad = { email: 'x@example.org', displayName: 'X', password: 'short', role: 'guest' };
    const zh = await call(app, admin, 'POST', '/api/v1/events/tok/accounts', bad, { 'accept-language': 'zh-CN' });
    expect(zh.json().error.field).toBe('password');
    expect(zh.json().error.message).toMatch(/^password 的值无效：.*\p{Script=Han}/u);
    const en = await call(app, admin, 'POST', '/api/v1/events/tok/accounts', bad, { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('Invalid value for password: Too small: expected string to have >=10 characters');
  });

  it('turns away an anonymous write before reading its body', async () => {
    const res = await app.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-type': 'application/json' }, payload: '{"slug":' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it('limits login attempts per address and account, with the wait in the caller\'s language', async () => {
    const attempt = () => call(app, null, 'POST', '/api/v1/auth/login', { email: 'victim@example.org', password: 'guess' }, { 'accept-language': 'zh-CN' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt()).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await attempt();
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.json().error.message).toMatch(/^尝试次数过多/);
    const other = await call(app, null, 'POST', '/api/v1/auth/login', { email: 'someone-else@example.org', password: 'guess' });
    expect(other.statusCode).toBe(401);
  });
});

describe('metrics behind a token', () => {
  it('refuses /metrics without the configured bearer token and serves it with it', async () => {
    const app = await startTestApp('sqlite', { HUIWU_METRICS_TOKEN: 'metrics-secret-0123456789' });
    try {
      expect((await call(app, null, 'GET', '/metrics')).statusCode).toBe(401);
      const ok = await call(app, null, 'GET', '/metrics', undefined, { authorization: 'Bearer metrics-secret-0123456789' });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('huiwu_process_cpu_user_seconds_total');
    } finally {
      await app.dispose();
    }
  });
});
