import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../../src/demo/load-demo.js';
import { createHuiwu, type Huiwu } from '../../src/main.js';
import { publishDueNotices } from '../../src/modules/notices/index.js';
import { loadConfig } from '../../src/platform/config.js';
import { toJson } from '../../src/platform/db/database.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { type DemoIds, expectStatus, idOf, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';
import { openStream } from '../support/sse.js';

const EV = '/api/v1/events/wic2017';
const PASSWORD = 'notices-password-1';
const bi = (zh: string, en: string) => ({ zh, en });
const notice = (extra: object = {}) => ({ title: bi('通知', 'Notice'), body: bi('正文', 'Body'), urgency: 'important', audience: { kind: 'everyone' }, ...extra });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


type Notice = { id: number; status: string; recipients: number; read: number; title: { zh: string; en: string } };
type Mine = { unread: number; items: Array<{ id: number; deliveryId: number; read: boolean; title: { en: string } }> };

describe.each(databases())('notices (%s)', (kind) => {
  let app: TestApp;
  let demo: DemoIds;
  let organiser: Session;
  let guest: Session;
  let vip: Session;
  let volunteer: Session;
  let driver: Session;
  let base: string;

  async function account(role: string, email: string, profile: object = {}): Promise<Session> {
    const res = await call(app, organiser, 'POST', `${EV}/accounts`, { email, displayName: email, role, password: PASSWORD });
    expectStatus(res, 201);
    await app.deps.db.updateTable('users').set({ profile: toJson(profile) }).where('email', '=', email).execute();
    return login(app, email, PASSWORD);
  }
  const compose = async (body: object) => {
    const res = await call(app, organiser, 'POST', `${EV}/notices`, body);
    expectStatus(res, 201);
    return res.json<Notice>();
  };
  const mine = async (s: Session) => {
    const res = await call(app, s, 'GET', `${EV}/my/notices`);
    expectStatus(res, 200);
    return res.json<Mine>();
  };
  const auditTypes = async (noticeId: number) =>
    (await app.deps.db.selectFrom('audit_log').select(['type', 'payload']).where('type', 'like', 'notice.%').orderBy('id').execute())
      .filter((r) => (JSON.parse(r.payload) as { noticeId?: number }).noticeId === noticeId)
      .map((r) => r.type);

  beforeAll(async () => {
    app = await startTestApp(kind, {}, { noticeTickMs: 50 });
    demo = await loadDemoEvent(app);
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    guest = await login(app, 'guest@wic2017.example.org', DEMO_PASSWORD);
    vip = await account('guest', 'vip@notices.example.org', { category: 'vip' });
    volunteer = await account('volunteer', 'volunteer@notices.example.org');
    driver = await account('driver', 'driver@notices.example.org');
    expectStatus(await call(app, guest, 'PUT', `${EV}/agenda/${idOf(demo.sessions, 'F13')}`), 200);
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => app?.dispose());

  it('publishes a notice to everyone at once: each reader sees it unread, and reading it twice records one receipt', async () => {
    const n = await compose(notice({ title: bi('大会欢迎', 'Welcome') }));
    expect(n).toMatchObject({ status: 'published', read: 0 });
    // the demo's organiser, chair, guest, desk and gate staff and cart driver, and the three accounts made here
    expect(n.recipients).toBe(9);
    const before = await mine(guest);
    expect(before.items[0]).toMatchObject({ id: n.id, read: false, title: { en: 'Welcome' } });

    const first = await call(app, guest, 'POST', `${EV}/notices/${n.id}/read`);
    expectStatus(first, 200);
    expect(first.json()).toMatchObject({ noticeId: n.id, unread: before.unread - 1 });
    const again = await call(app, guest, 'POST', `${EV}/notices/${n.id}/read`);
    expect(again.json()).toEqual(first.json());

    expect((await mine(guest)).items.find((i) => i.id === n.id)?.read).toBe(true);
    const listed = (await call(app, organiser, 'GET', `${EV}/notices`)).json<Notice[]>().find((x) => x.id === n.id);
    expect(listed).toMatchObject({ recipients: 9, read: 1 });
    expect(await auditTypes(n.id)).toEqual(['notice.composed', 'notice.published', 'notice.read']);
  });

  it('reaches only the guests of a category', async () => {
    const n = await compose(notice({ audience: { kind: 'category', category: 'vip' } }));
    expect(n.recipients).toBe(1);
    expect((await mine(vip)).items.map((i) => i.id)).toContain(n.id);
    expect((await mine(guest)).items.map((i) => i.id)).not.toContain(n.id);
  });

  it("reaches a board's audience and a session's people: the guests who starred one of its sessions", async () => {
    const board = await compose(notice({ audience: { kind: 'board', boardId: idOf(demo.boards, 'board-4') } }));
    const session = await compose(notice({ audience: { kind: 'session', sessionId: idOf(demo.sessions, 'F13') } }));
    const other = await compose(notice({ audience: { kind: 'session', sessionId: idOf(demo.sessions, 'F01') } }));
    expect([board.recipients, session.recipients, other.recipients]).toEqual([1, 1, 0]);
    const ids = (await mine(guest)).items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([board.id, session.id]));
    expect(ids).not.toContain(other.id);
    expect((await mine(vip)).items.map((i) => i.id)).not.toContain(board.id);
  });

  it('reaches volunteers and drivers by their role in the event', async () => {
    const v = await compose(notice({ audience: { kind: 'volunteers' } }));
    const d = await compose(notice({ audience: { kind: 'drivers' } }));
    // the drivers: the one made here and the demo's cart driver
    expect([v.recipients, d.recipients]).toEqual([1, 2]);
    expect((await mine(volunteer)).items.map((i) => i.id)).toContain(v.id);
    expect((await mine(volunteer)).items.map((i) => i.id)).not.toContain(d.id);
    expect((await mine(driver)).items.map((i) => i.id)).toContain(d.id);
  });

  it('refuses a title without English, naming title.en, and saves nothing', async () => {
    const before = await snapshotDb(app);
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/notices`, notice({ title: { zh: '只有中文' } })))).toBe('400 validation title.en');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/notices`, notice({ body: bi('正文', '  ') })))).toBe('400 validation body.en');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/notices`, notice({ audience: { kind: 'press' } })))).toBe('400 validation audience.kind');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/notices`, notice({ audience: { kind: 'board', boardId: 999_999 } })))).toBe(
      '404 not_found audience.boardId',
    );
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/notices`, notice({ audience: { kind: 'session', sessionId: 999_999 } })))).toBe(
      '404 not_found audience.sessionId',
    );
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/notices`, notice({ publishAt: '2017-12-03T08:00:00Z' })))).toBe('400 in_the_past publishAt');
    expect(await snapshotDb(app)).toEqual(before);
  });

  it('publishes a scheduled notice when its time comes, and not before', async () => {
    const n = await compose(notice({ title: bi('定时', 'Scheduled'), publishAt: new Date(Date.now() + 3000).toISOString() }));
    expect(n).toMatchObject({ status: 'scheduled', recipients: 0 });
    expect((await mine(guest)).items.map((i) => i.id)).not.toContain(n.id);
    const deadline = Date.now() + 8000;
    while (!(await mine(guest)).items.some((i) => i.id === n.id) && Date.now() < deadline) await sleep(50);
    expect((await mine(guest)).items.map((i) => i.id)).toContain(n.id);
    const listed = (await call(app, organiser, 'GET', `${EV}/notices`)).json<Notice[]>().find((x) => x.id === n.id);
    expect(listed).toMatchObject({ status: 'published', recipients: 9, read: 0 });
    expect(await auditTypes(n.id)).toEqual(['notice.composed', 'notice.published']);
  });

  it('withdraws a scheduled notice, which then never goes out, and refuses to withdraw a published one with 409', async () => {
    const due = Date.now() + 2000;
    const n = await compose(notice({ publishAt: new Date(due).toISOString() }));
    const withdrawn = await call(app, organiser, 'DELETE', `${EV}/notices/${n.id}`);
    expectStatus(withdrawn, 200);
    expect(withdrawn.json()).toMatchObject({ id: n.id, status: 'withdrawn' });
    await sleep(due + 100 - Date.now());
    expect(await publishDueNotices(app.deps)).toEqual([]);
    expect((await mine(guest)).items.map((i) => i.id)).not.toContain(n.id);
    expect(refusalOf(await call(app, organiser, 'DELETE', `${EV}/notices/${n.id}`))).toBe('409 notice_not_scheduled id');
    const published = await compose(notice());
    expect(refusalOf(await call(app, organiser, 'DELETE', `${EV}/notices/${published.id}`))).toBe('409 notice_not_scheduled id');
    expect(await auditTypes(n.id)).toEqual(['notice.composed', 'notice.withdrawn']);
  });

  it('refuses a receipt for a notice that did not reach the reader with 404', async () => {
    const d = await compose(notice({ audience: { kind: 'drivers' } }));
    expect(refusalOf(await call(app, guest, 'POST', `${EV}/notices/${d.id}/read`))).toBe('404 not_found id');
  });

  it('pushes a notice over a real SSE stream to the readers it reaches, with its delivery id and the unread count', async () => {
    const g = await openStream(base, `${EV}/stream`, guest.cookie);
    const d = await openStream(base, `${EV}/stream`, driver.cookie);
    expect(g.res.status).toBe(200);
    expect(g.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const unread = ((await g.next('unread')).data as { unread: number }).unread;
    await d.next('unread');

    const n = await compose(notice({ title: bi('实时', 'Live'), audience: { kind: 'session', sessionId: idOf(demo.sessions, 'F13') } }));
    const pushed = await g.next('notice');
    const data = pushed.data as { notice: { id: number; deliveryId: number; read: boolean; title: { en: string } }; unread: number };
    expect(data.notice).toMatchObject({ id: n.id, read: false, title: { en: 'Live' } });
    expect(pushed.id).toBe(String(data.notice.deliveryId));
    expect(data.unread).toBe(unread + 1);

    // reading it on another device lowers the badge on this one
    expectStatus(await call(app, guest, 'POST', `${EV}/notices/${n.id}/read`), 200);
    expect((await g.next('unread')).data).toEqual({ unread });
    await sleep(100);
    expect(d.events.filter((e) => e.event === 'notice')).toEqual([]);
    g.close();
    d.close();
  });

  it('sends a reconnecting reader what it missed after its Last-Event-ID, and nothing older', async () => {
    const first = await openStream(base, `${EV}/stream`, vip.cookie);
    await compose(notice({ title: bi('一', 'One'), audience: { kind: 'category', category: 'vip' } }));
    const seen = await first.next('notice');
    first.close();
    await compose(notice({ title: bi('二', 'Two'), audience: { kind: 'category', category: 'vip' } }));
    await compose(notice({ title: bi('三', 'Three'), audience: { kind: 'category', category: 'vip' } }));

    const again = await openStream(base, `${EV}/stream`, vip.cookie, { 'last-event-id': seen.id! });
    const titles = [await again.next('notice'), await again.next('notice')].map((e) => (e.data as { notice: { title: { en: string } } }).notice.title.en);
    expect(titles).toEqual(['Two', 'Three']);
    await sleep(100);
    expect(again.events.filter((e) => e.event === 'notice')).toHaveLength(2);
    again.close();
  });

  it('tells every reader of the event when a new programme version is published, so open pages refresh it', async () => {
    const g = await openStream(base, `${EV}/stream`, guest.cookie);
    const d = await openStream(base, `${EV}/stream`, driver.cookie);
    await g.next('unread');
    await d.next('unread');
    const res = await call(app, organiser, 'POST', `${EV}/publish`);
    expectStatus(res, 201);
    const { version } = res.json<{ version: number }>();
    expect((await g.next('programme')).data).toEqual({ version });
    expect((await d.next('programme')).data).toEqual({ version });
    g.close();
    d.close();
  });

  it('refuses a stream to an anonymous caller with 401 and a malformed Last-Event-ID with 400', async () => {
    expect((await fetch(`${base}${EV}/stream`)).status).toBe(401);
    const res = await fetch(`${base}${EV}/stream?lastEventId=abc`, { headers: { cookie: guest.cookie } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('lastEventId');
  });
});

const pgUrl = inject('pgUrl');
const redisUrl = inject('redisUrl');

/** Two instances behind an imaginary load balancer: one PostgreSQL schema, one Redis. */
describe.skipIf(!pgUrl || !redisUrl)('notices on two instances (PostgreSQL and Redis)', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let a: Huiwu;
  let b: Huiwu;
  const admin = (sql: string) => {
    const c = new pg.Client({ connectionString: pgUrl! });
    return c.connect().then(() => c.query(sql)).finally(() => c.end());
  };
  const signIn = async (node: Huiwu, email: string) => {
    const res = await node.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD } });
    return { cookie: `huiwu_session=${res.cookies.find((c) => c.name === 'huiwu_session')?.value}`, csrf: res.json<{ csrfToken: string }>().csrfToken };
  };

  beforeAll(async () => {
    await admin(`create schema ${schema}`);
    const config = { ...loadConfig({ HUIWU_LOG_LEVEL: 'silent', HUIWU_REDIS_URL: redisUrl! }), database: { kind: 'postgres' as const, url: pgUrl!, schema } };
    // the schedulers stay out of the way (1 h) so that the test drives both claims itself
    a = await createHuiwu(config, { noticeTickMs: 3_600_000, webRoot: null });
    b = await createHuiwu(config, { noticeTickMs: 3_600_000, webRoot: null });
    await loadDemo(a.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
    await b.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await admin(`drop schema ${schema} cascade`);
  });

  it('publishes a due notice exactly once when both instances claim it at the same moment', async () => {
    const org = await signIn(a, 'organiser@wic2017.example.org');
    const published: string[] = [];
    const offs = [a, b].map((node) => node.deps.bus.onLocal((e) => void (e.type === 'notice.published' && published.push(node.deps.bus.instanceId))));
    const res = await a.app.inject({
      method: 'POST',
      url: `${EV}/notices`,
      headers: { cookie: org.cookie, 'x-csrf-token': org.csrf },
      payload: notice({ publishAt: new Date(Date.now() + 2000).toISOString() }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<{ status: string }>().status).toBe('scheduled');
    const id = res.json<{ id: number }>().id;
    await sleep(Date.parse(res.json<{ publishAt: string }>().publishAt) + 50 - Date.now());
    const [fromA, fromB] = await Promise.all([publishDueNotices(a.deps), publishDueNotices(b.deps)]);
    expect([...fromA, ...fromB]).toEqual([id]);
    expect(published).toHaveLength(1);
    const deliveries = await a.deps.db.selectFrom('notice_deliveries').select('user_id').where('notice_id', '=', id).execute();
    // the demo's organiser, chair, guest, desk and gate staff and cart driver
    expect(deliveries).toHaveLength(6);
    offs.forEach((off) => off());
  });

  it('pushes a notice composed on instance A to a reader streaming from instance B', async () => {
    const guest = await signIn(a, 'guest@wic2017.example.org');
    const port = (b.app.server.address() as AddressInfo).port;
    const stream = await openStream(`http://127.0.0.1:${port}`, `${EV}/stream`, guest.cookie);
    await stream.next('unread');
    const org = await signIn(a, 'organiser@wic2017.example.org');
    const res = await a.app.inject({
      method: 'POST',
      url: `${EV}/notices`,
      headers: { cookie: org.cookie, 'x-csrf-token': org.csrf },
      payload: notice({ title: bi('跨实例', 'Across instances') }),
    });
    expect(res.statusCode).toBe(201);
    const pushed = await stream.next('notice');
    expect((pushed.data as { notice: { id: number; title: { en: string } } }).notice).toMatchObject({ id: res.json<{ id: number }>().id, title: { en: 'Across instances' } });
    stream.close();
  });
});
