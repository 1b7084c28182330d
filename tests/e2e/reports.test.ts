import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../../src/demo/load-demo.js';
import { createHuiwu, type Huiwu } from '../../src/main.js';
import { loadConfig } from '../../src/platform/config.js';
import { nowIso } from '../../src/platform/db/database.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { type DemoIds, expectStatus, idOf, loadDemoEvent, refusalOf } from '../support/fixtures.js';
import { openStream as openSse } from '../support/sse.js';

const openStream = (base: string, path: string, cookie: string) => openSse<Occupancy>(base, path, cookie);

const EV = '/api/v1/events/wic2017';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Occupancy {
  at: string;
  from: string;
  to: string;
  bucketMinutes: number;
  zones: Array<{ zoneId: number; code: string; inside: number }>;
  rooms: Array<{ roomId: number; name: { en: string }; capacity: number | null; inside: number; session: { code: string; title: { en: string } } | null }>;
  entries: Array<{ at: string; entries: number }>;
}
interface Counts {
  invited: number;
  registered: number;
  approved: number;
  badgeCollected: number;
  arrived: number;
}
interface Arrivals {
  total: Counts;
  byCategory: Array<Counts & { code: string | null }>;
  byDelegation: Array<Counts & { code: string | null }>;
}


describe.each(databases())('occupancy and reports (%s)', (kind) => {
  let app: TestApp;
  let demo: DemoIds;
  let organiser: Session;
  let base: string;
  const g: Record<string, number> = {};
  const gates: Record<string, number> = {};

  const zone = (code: string) => idOf(demo.zones, code);
  const get = async <T>(url: string, headers: Record<string, string> = {}) => {
    const res = await call(app, organiser, 'GET', url, undefined, headers);
    expectStatus(res, 200);
    return res.json<T>();
  };
  let nonce = 0;
  const scan = (guest: string, gate: string, at: string, verdict = 'admit', direction = 'entry', eventId = demo.eventId) =>
    app.deps.db
      .insertInto('scans')
      .values({ event_id: eventId, nonce: `r-${++nonce}`, credential_id: null, guest_id: g[guest]!, gate_id: gates[gate]!, zone_id: null, direction, verdict, code: verdict === 'admit' ? 'admitted' : 'wrong_zone', scanned_at: at, received_at: nowIso(), device_user_id: null, conflict: null })
      .execute();
  const inside = (guest: string, zoneCode: string, gate: string) =>
    app.deps.db.insertInto('presence').values({ guest_id: g[guest]!, zone_id: zone(zoneCode), event_id: demo.eventId, gate_id: gates[gate]!, since: nowIso() }).execute();

  beforeAll(async () => {
    app = await startTestApp(kind);
    demo = await loadDemoEvent(app);
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    const db = app.deps.db;
    // a clean slate: the counts below are exact, whatever guests the demo brings
    await db.deleteFrom('guests').where('event_id', '=', demo.eventId).execute();
    const cat = Object.fromEntries((await db.selectFrom('categories').select(['id', 'code']).where('event_id', '=', demo.eventId).execute()).map((c) => [c.code, c.id]));
    for (const gt of await db.selectFrom('gates').select(['id', 'code']).where('event_id', '=', demo.eventId).execute()) gates[gt.code] = gt.id;
    const delegation = async (code: string, zh: string, en: string) =>
      (await db.insertInto('delegations').values({ event_id: demo.eventId, code, name_zh: zh, name_en: en, country: null }).returning('id').executeTakeFirstOrThrow()).id;
    const itu = await delegation('ITU', '国际电信联盟', 'International Telecommunication Union');
    const un = await delegation('UN', '联合国', 'United Nations');
    await delegation('EMPTY', '空代表团', 'Empty delegation');
    // name, category, delegation, status, badge collected
    const fixture: Array<[string, string, number | null, string, boolean]> = [
      ['g1', 'vip', itu, 'approved', true],
      ['g2', 'vip', itu, 'approved', true],
      ['g3', 'media', un, 'approved', false],
      ['g4', 'media', null, 'registered', false],
      ['g5', 'guest', un, 'invited', false],
      ['g6', 'guest', null, 'rejected', false],
      ['g7', 'vip', null, 'cancelled', false],
      ['g8', 'media', un, 'approved', true],
      ['g9', 'guest', itu, 'approved', false],
    ];
    for (const [name, category, delegationId, status, badge] of fixture) {
      const row = await db
        .insertInto('guests')
        .values({
          event_id: demo.eventId,
          name: `嘉宾${name.slice(1)}`,
          name_latin: `Guest ${name}`,
          sort_key: name,
          organisation: name === 'g9' ? '=HYPERLINK("http://evil")' : 'WIC',
          category_id: cat[category]!,
          delegation_id: delegationId,
          language: 'zh',
          status,
          badge_collected_at: badge ? '2017-12-02T08:00:00.000Z' : null,
          created_at: nowIso(),
          updated_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      g[name] = row.id;
    }
    // entries between 00:00 and 01:00 UTC on 3 December, and some that must not count
    await scan('g1', 'MAIN-1', '2017-12-03T00:00:00.000Z');
    await scan('g8', 'MAIN-2', '2017-12-03T00:04:59.999Z');
    await scan('g1', 'FORUM-A', '2017-12-03T00:05:00.000Z');
    for (const gate of ['MAIN-1', 'MAIN-3', 'EXPO-N']) await scan('g8', gate, '2017-12-03T00:31:10.000Z');
    await scan('g1', 'VIP-1', '2017-12-03T00:59:59.999Z');
    await scan('g1', 'MAIN-1', '2017-12-03T01:00:00.000Z'); // = to: the next window's
    await scan('g8', 'MAIN-1', '2017-12-02T23:59:59.999Z'); // before from
    await scan('g9', 'MAIN-1', '2017-12-03T00:10:00.000Z', 'refuse', 'entry');
    await scan('g9', 'MAIN-1', '2017-12-03T00:10:00.000Z', 'admit', 'exit');
    await inside('g1', 'MAIN', 'MAIN-1');
    await inside('g8', 'MAIN', 'MAIN-2');
    await inside('g1', 'FORUM', 'FORUM-A');
    await inside('g2', 'EXPO', 'EXPO-N');
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => app?.dispose());

  it('counts who is inside each zone and each guarded room, with the session running in the room', async () => {
    const o = await get<Occupancy>(`${EV}/occupancy?from=2017-12-03T00:30:00Z&to=2017-12-03T01:30:00Z`);
    expect(Object.fromEntries(o.zones.map((z) => [z.code, z.inside]))).toEqual({ CLOSED: 0, EXPO: 1, FORUM: 1, MAIN: 2, OUTDOOR: 0, PRESS: 0, TOWN: 0, VIP: 0 });
    // rooms with a gate: the main hall, four forum halls, the closed-door room, the VIP lounge, the press centre
    expect(o.rooms).toHaveLength(8);
    const main = o.rooms.find((r) => r.roomId === idOf(demo.rooms, 'main-hall'))!;
    expect(main).toMatchObject({ inside: 2, session: { code: 'OC', title: { en: 'Opening ceremony' } } });
    expect(o.rooms.find((r) => r.roomId === idOf(demo.rooms, 'forum-a'))).toMatchObject({ inside: 1, session: null });
    expect(o.rooms.find((r) => r.roomId === idOf(demo.rooms, 'vip-lounge'))!.inside).toBe(0);
  });

  it('counts admitted entries in exact five-minute buckets, every bucket present, the window aligned to the clock', async () => {
    const o = await get<Occupancy>(`${EV}/occupancy?from=2017-12-03T00:02:00Z&to=2017-12-03T01:00:00Z`);
    expect(o).toMatchObject({ from: '2017-12-03T00:00:00.000Z', to: '2017-12-03T01:00:00.000Z', bucketMinutes: 5 });
    expect(o.entries.map((b) => b.entries)).toEqual([2, 1, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1]);
    expect(o.entries[6]!.at).toBe('2017-12-03T00:30:00.000Z');
    // with an offset, the same instants
    const local = await get<Occupancy>(`${EV}/occupancy?from=2017-12-03T08:00:00%2B08:00&to=2017-12-03T08:10:00%2B08:00`);
    expect(local.entries).toEqual([
      { at: '2017-12-03T00:00:00.000Z', entries: 2 },
      { at: '2017-12-03T00:05:00.000Z', entries: 1 },
    ]);
  });

  it('shows the last three hours by default, ending in the bucket of now', async () => {
    const before = Date.now();
    const o = await get<Occupancy>(`${EV}/occupancy`);
    expect([36, 37]).toContain(o.entries.length);
    const last = Date.parse(o.entries.at(-1)!.at);
    expect(last).toBeLessThanOrEqual(Date.now());
    expect(last + 5 * 60_000).toBeGreaterThan(before);
    expect(o.entries.every((b) => b.entries === 0)).toBe(true);
  });

  it('refuses a window that ends before it starts or spans more than a day', async () => {
    expect(refusalOf(await call(app, organiser, 'GET', `${EV}/occupancy?from=2017-12-03T01:00:00Z&to=2017-12-03T01:00:00Z`))).toBe('400 ends_before_start to');
    expect(refusalOf(await call(app, organiser, 'GET', `${EV}/occupancy?from=2017-12-03T00:00:00Z&to=2017-12-04T00:00:01Z`))).toBe('400 range_too_long from');
    expect(refusalOf(await call(app, organiser, 'GET', `${EV}/occupancy?from=yesterday`))).toBe('400 validation from');
  });

  it('pushes fresh occupancy over SSE after a gate.scanned event, at most once a second however many arrive', async () => {
    const stream = await openStream(base, `${EV}/occupancy/stream`, organiser.cookie);
    expect(stream.res.headers.get('content-type')).toContain('text/event-stream');
    const first = await stream.waitFor(1);
    expect(first.zones.find((z) => z.code === 'PRESS')!.inside).toBe(0);

    await inside('g3', 'PRESS', 'PRESS-1');
    const publish = () => app.deps.bus.publish({ type: 'gate.scanned', eventId: demo.eventId, payload: { guestId: g['g3'], gateId: gates['PRESS-1'], direction: 'entry', verdict: 'admit' } });
    await publish();
    const second = await stream.waitFor(2);
    expect(second.zones.find((z) => z.code === 'PRESS')!.inside).toBe(1);
    expect(second.rooms.find((r) => r.roomId === idOf(demo.rooms, 'press-centre'))!.inside).toBe(1);

    // a burst right after a push: one more push, held back until a second after the last one (the margin is
    // for the database time of each push on a busy machine; unthrottled, it would follow within milliseconds)
    for (let i = 0; i < 20; i++) await publish();
    await stream.waitFor(3);
    expect(stream.events[2]!.receivedAt - stream.events[1]!.receivedAt).toBeGreaterThanOrEqual(500);
    await sleep(1500);
    expect(stream.events).toHaveLength(3);
    // other events' scans and other types push nothing
    await app.deps.bus.publish({ type: 'gate.scanned', eventId: demo.eventId + 1000, payload: {} });
    await app.deps.bus.publish({ type: 'guest.updated', eventId: demo.eventId, payload: {} });
    await sleep(1200);
    expect(stream.events).toHaveLength(3);
    stream.close();
    await app.deps.db.deleteFrom('presence').where('guest_id', '=', g['g3']!).execute();
  });

  it('counts invited, registered, approved, badge collected and arrived per category, per delegation and in all', async () => {
    const r = await get<Arrivals>(`${EV}/reports/arrivals`);
    const pick = (c: Counts) => [c.invited, c.registered, c.approved, c.badgeCollected, c.arrived];
    expect(pick(r.total)).toEqual([8, 7, 5, 3, 2]);
    const cats = Object.fromEntries(r.byCategory.map((c) => [c.code, pick(c)]));
    expect(cats).toEqual({
      vip: [2, 2, 2, 2, 1],
      media: [3, 3, 2, 1, 1],
      guest: [3, 2, 1, 0, 0],
      international_org: [0, 0, 0, 0, 0],
      speaker: [0, 0, 0, 0, 0],
      exhibitor: [0, 0, 0, 0, 0],
      staff: [0, 0, 0, 0, 0],
      volunteer: [0, 0, 0, 0, 0],
      driver: [0, 0, 0, 0, 0],
    });
    expect(r.byCategory.map((c) => c.code).slice(0, 3)).toEqual(['vip', 'international_org', 'speaker']);
    expect(r.byDelegation.map((d) => [d.code, ...pick(d)])).toEqual([
      ['ITU', 3, 3, 3, 2, 1],
      ['UN', 3, 2, 2, 1, 1],
      [null, 2, 2, 0, 0, 0],
    ]);
  });

  it('lists the approved guests who never came in as no-shows, by name', async () => {
    const list = await get<Array<{ guestId: number; nameLatin: string; category: { code: string }; delegation: { code: string } | null; badgeCollectedAt: string | null }>>(`${EV}/reports/no-shows`);
    expect(list.map((s) => s.nameLatin)).toEqual(['Guest g2', 'Guest g3', 'Guest g9']);
    expect(list[0]).toMatchObject({ guestId: g['g2'], category: { code: 'vip' }, delegation: { code: 'ITU' }, badgeCollectedAt: '2017-12-02T08:00:00.000Z' });
  });

  it('exports arrivals as CSV with a byte-order mark and headers in the language asked for', async () => {
    const en = await call(app, organiser, 'GET', `${EV}/reports/arrivals.csv`, undefined, { 'accept-language': 'en' });
    expectStatus(en, 200);
    expect(en.headers['content-type']).toContain('text/csv');
    expect(en.headers['content-disposition']).toContain('wic2017-arrivals.csv');
    expect(en.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(en.rawPayload, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Group', 'Code', 'Name', 'Invited', 'Registered', 'Approved', 'Badge collected', 'Arrived']);
    expect(rows.find((r) => r[1] === 'vip')).toEqual(['Category', 'vip', 'VIP', '2', '2', '2', '2', '1']);
    expect(rows.find((r) => r[1] === 'UN')).toEqual(['Delegation', 'UN', 'United Nations', '3', '2', '2', '1', '1']);
    expect(rows.at(-1)).toEqual(['Total', '', '', '8', '7', '5', '3', '2']);

    for (const [url, headers] of [[`${EV}/reports/arrivals.csv`, { 'accept-language': 'zh-CN,zh;q=0.9' }], [`${EV}/reports/arrivals.csv?lang=zh`, { 'accept-language': 'en' }]] as const) {
      const zh = await call(app, organiser, 'GET', url, undefined, headers);
      const zhRows = parse(zh.rawPayload, { bom: true }) as string[][];
      expect(zhRows[0]).toEqual(['分组', '编号', '名称', '已邀请', '已注册', '已批准', '已领证', '已到场']);
      expect(zhRows.find((r) => r[1] === 'UN')!.slice(0, 3)).toEqual(['代表团', 'UN', '联合国']);
      expect(zhRows.at(-1)![0]).toBe('合计');
    }
  });

  it('exports no-shows as CSV, Chinese names intact, a formula-looking organisation kept as text', async () => {
    const zh = await call(app, organiser, 'GET', `${EV}/reports/no-shows.csv?lang=zh`);
    expectStatus(zh, 200);
    expect(zh.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(zh.rawPayload, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['姓名', '拉丁字母姓名', '单位', '类别', '代表团', '邮箱', '电话', '领证时间']);
    expect(rows.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['嘉宾2', 'Guest g2'],
      ['嘉宾3', 'Guest g3'],
      ['嘉宾9', 'Guest g9'],
    ]);
    expect(rows[1]!.slice(3, 5)).toEqual(['贵宾', '国际电信联盟']);
    expect(rows[3]![2]).toBe(`'=HYPERLINK("http://evil")`);
    const en = parse((await call(app, organiser, 'GET', `${EV}/reports/no-shows.csv`, undefined, { 'accept-language': 'en' })).rawPayload, { bom: true }) as string[][];
    expect(en[0]![0]).toBe('Name');
    expect(en[1]!.slice(3, 5)).toEqual(['VIP', 'International Telecommunication Union']);
  });
});

const pgUrl = inject('pgUrl');
const redisUrl = inject('redisUrl');

/** A scan recorded by one instance reaches a console connected to the other, through Redis. */
describe.skipIf(!pgUrl || !redisUrl)('live occupancy across two instances on PostgreSQL and Redis', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let a: Huiwu;
  let b: Huiwu;
  const admin = (text: string) => {
    const c = new pg.Client({ connectionString: pgUrl! });
    return c.connect().then(() => c.query(text)).finally(() => c.end());
  };

  beforeAll(async () => {
    await admin(`create schema ${schema}`);
    const config = { ...loadConfig({ HUIWU_LOG_LEVEL: 'silent', HUIWU_REDIS_URL: redisUrl! }), database: { kind: 'postgres' as const, url: pgUrl!, schema } };
    a = await createHuiwu(config);
    b = await createHuiwu(config);
    await loadDemo(a.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await admin(`drop schema ${schema} cascade`);
  });

  it("pushes to a stream on instance B the presence that instance A's scan changed", async () => {
    const res = await b.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'organiser@wic2017.example.org', password: DEMO_PASSWORD } });
    const cookie = `huiwu_session=${res.cookies.find((c) => c.name === 'huiwu_session')?.value}`;
    const url = await b.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openStream(url, `${EV}/occupancy/stream`, cookie);
    const first = await stream.waitFor(1);
    const before = first.zones.find((z) => z.code === 'VIP')!.inside;

    const db = a.deps.db;
    const eventId = (await db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow()).id;
    const guest = await db
      .insertInto('guests')
      .values({ event_id: eventId, name: '张三', name_latin: 'Zhang San', sort_key: 'zhang san', language: 'zh', status: 'approved', created_at: nowIso(), updated_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const zone = await db.selectFrom('zones').select('id').where('event_id', '=', eventId).where('code', '=', 'VIP').executeTakeFirstOrThrow();
    const gate = await db.selectFrom('gates').select('id').where('event_id', '=', eventId).where('code', '=', 'VIP-1').executeTakeFirstOrThrow();
    await db.insertInto('presence').values({ guest_id: guest.id, zone_id: zone.id, event_id: eventId, gate_id: gate.id, since: nowIso() }).execute();
    await a.deps.bus.publish({ type: 'gate.scanned', eventId, payload: { guestId: guest.id, gateId: gate.id, direction: 'entry', verdict: 'admit' } });

    const pushed = await stream.waitFor(2);
    expect(pushed.zones.find((z) => z.code === 'VIP')!.inside).toBe(before + 1);
    stream.close();
  });
});
