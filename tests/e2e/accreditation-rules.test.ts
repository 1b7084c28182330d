import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { nowIso } from '../../src/platform/db/database.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { type DemoIds, errorOf, expectStatus, HAN, idOf, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';

const EV = '/api/v1/events/wic2017';
const bi = (zh: string, en: string) => ({ zh, en });

interface Category {
  id: number;
  code: string;
  color: string;
  guests: number;
  zones: Array<{ zoneId: number; startsAt: string | null; endsAt: string | null }>;
}
interface Gate {
  id: number;
  code: string;
  zoneId: number;
  roomId: number | null;
  antiPassback: boolean;
}

describe.each(databases())('accreditation rules (%s)', (kind) => {
  let app: TestApp;
  let demo: DemoIds;
  let organiser: Session;
  let otherZoneId: number;
  let otherRoomId: number;
  let guestId: number;

  const zone = (code: string) => idOf(demo.zones, code);
  const auditOf = async (type: string) =>
    (await app.deps.db.selectFrom('audit_log').select(['type', 'payload']).where('type', '=', type).orderBy('id').execute()).map((r) => JSON.parse(r.payload) as Record<string, unknown>);
  const post = async <T>(url: string, body: object, status = 201) => {
    const res = await call(app, organiser, 'POST', url, body);
    expectStatus(res, status);
    return res.json<T>();
  };
  const category = (extra: object = {}) => ({ code: 'delegate', name: bi('代表', 'Delegate'), color: '#336699', zones: [], ...extra });
  const gate = (extra: object = {}) => ({ code: 'TEST-1', name: bi('测试门', 'Test gate'), zoneId: zone('MAIN'), ...extra });

  beforeAll(async () => {
    app = await startTestApp(kind);
    demo = await loadDemoEvent(app);
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    const db = app.deps.db;
    // a clean slate: the counts below are exact, whatever guests the demo brings
    await db.deleteFrom('guests').where('event_id', '=', demo.eventId).execute();
    const other = await db
      .insertInto('events')
      .values({ slug: 'other-2018', name_zh: '另一活动', name_en: 'Other', timezone: 'UTC', start_date: '2018-01-01', end_date: '2018-01-02', languages: '["en"]', venue_name_zh: null, venue_name_en: null, venue_address_zh: null, venue_address_en: null, note: null, created_at: nowIso(), updated_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    otherZoneId = (await db.insertInto('zones').values({ event_id: other.id, code: 'HALL', name_zh: '大厅', name_en: 'Hall' }).returning('id').executeTakeFirstOrThrow()).id;
    otherRoomId = (
      await db.insertInto('rooms').values({ event_id: other.id, venue_id: null, external_ref: null, name_zh: '厅', name_en: 'Room', capacity: 10, floor: null, zone_id: otherZoneId, position: 0 }).returning('id').executeTakeFirstOrThrow()
    ).id;
    const vip = await db.selectFrom('categories').select('id').where('event_id', '=', demo.eventId).where('code', '=', 'vip').executeTakeFirstOrThrow();
    guestId = (
      await db
        .insertInto('guests')
        .values({ event_id: demo.eventId, name: '王伟', name_latin: 'Wang Wei', sort_key: 'wang wei', language: 'zh', status: 'approved', category_id: vip.id, created_at: nowIso(), updated_at: nowIso() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => app?.dispose());

  it("lists the demo's nine categories in their order with their zone windows and how many guests hold each", async () => {
    const res = await call(app, organiser, 'GET', `${EV}/categories`);
    expectStatus(res, 200);
    const list = res.json<Category[]>();
    expect(list.map((c) => c.code)).toEqual(['vip', 'international_org', 'speaker', 'guest', 'media', 'exhibitor', 'staff', 'volunteer', 'driver']);
    expect(list.find((c) => c.code === 'vip')).toMatchObject({ guests: 1, color: '#b8860b' });
    const media = list.find((c) => c.code === 'media')!;
    expect(media.zones.find((z) => z.zoneId === zone('MAIN'))).toEqual({ zoneId: zone('MAIN'), startsAt: '2017-12-02T23:00:00.000Z', endsAt: '2017-12-03T04:30:00.000Z' });
    expect(list.find((c) => c.code === 'exhibitor')!.zones.filter((z) => z.zoneId === zone('EXPO'))).toHaveLength(3);
  });

  it('creates a category with zone windows (stored in UTC), replaces its windows as a whole on save, and audits both', async () => {
    const created = await post<Category>(`${EV}/categories`, category({
      color: '#AABBCC',
      zones: [{ zoneId: zone('MAIN') }, { zoneId: zone('FORUM'), startsAt: '2017-12-04T09:00:00+08:00', endsAt: '2017-12-04T12:00:00+08:00' }],
    }));
    expect(created).toMatchObject({ code: 'delegate', color: '#aabbcc', guests: 0, position: 9 });
    // a new category goes last, after the demo's nine
    expect((await call(app, organiser, 'GET', `${EV}/categories`)).json<Category[]>().at(-1)?.code).toBe('delegate');
    expect(created.zones).toEqual([
      { zoneId: zone('MAIN'), startsAt: null, endsAt: null },
      { zoneId: zone('FORUM'), startsAt: '2017-12-04T01:00:00.000Z', endsAt: '2017-12-04T04:00:00.000Z' },
    ]);

    const patched = await call(app, organiser, 'PATCH', `${EV}/categories/${created.id}`, { name: bi('代表团成员', 'Delegation member'), zones: [{ zoneId: zone('EXPO'), startsAt: null, endsAt: '2017-12-05T10:00:00Z' }] });
    expectStatus(patched, 200);
    expect(patched.json<Category>().zones).toEqual([{ zoneId: zone('EXPO'), startsAt: null, endsAt: '2017-12-05T10:00:00.000Z' }]);
    const rows = await app.deps.db.selectFrom('category_zones').select('zone_id').where('category_id', '=', created.id).execute();
    expect(rows.map((r) => r.zone_id)).toEqual([zone('EXPO')]);

    // a PATCH without zones keeps them
    const renamed = await call(app, organiser, 'PATCH', `${EV}/categories/${created.id}`, { color: '#000000' });
    expect(renamed.json<Category>()).toMatchObject({ color: '#000000', zones: [{ zoneId: zone('EXPO') }] });

    const saved = (await auditOf('accreditation.category_saved')).filter((p) => p['categoryId'] === created.id);
    expect(saved.map((p) => p['created'])).toEqual([true, false, false]);

    const deleted = await call(app, organiser, 'DELETE', `${EV}/categories/${created.id}`);
    expectStatus(deleted, 200);
    expect(await app.deps.db.selectFrom('category_zones').select('id').where('category_id', '=', created.id).execute()).toEqual([]);
    expect((await auditOf('accreditation.category_deleted')).map((p) => p['categoryId'])).toContain(created.id);
  });

  it('refuses bad windows and zones with the right code and field, in either language, and saves nothing', async () => {
    const before = await snapshotDb(app);
    const cases: Array<[object, string]> = [
      [category({ zones: [{ zoneId: zone('MAIN'), startsAt: '2017-12-04T10:00:00Z', endsAt: '2017-12-04T09:00:00Z' }] }), '400 ends_before_start zones.0.endsAt'],
      [category({ zones: [{ zoneId: zone('MAIN') }, { zoneId: zone('VIP'), startsAt: '2017-12-01T10:00:00Z' }] }), '400 outside_event zones.1.startsAt'],
      [category({ zones: [{ zoneId: zone('MAIN'), endsAt: '2017-12-06T00:00:00Z' }] }), '400 outside_event zones.0.endsAt'],
      [category({ zones: [{ zoneId: otherZoneId }] }), '400 wrong_event zones.0.zoneId'],
      [category({ zones: [{ zoneId: 999_999 }] }), '404 not_found zones.0.zoneId'],
      [category({ code: 'vip' }), '409 code_taken code'],
      [category({ color: 'red' }), '400 validation color'],
      [category({ name: { zh: '代表' } }), '400 validation name.en'],
      [category({ zones: [{ zoneId: zone('MAIN'), startsAt: '2017-12-04 10:00' }] }), '400 validation zones.0.startsAt'],
    ];
    for (const [body, refusal] of cases) {
      const en = await call(app, organiser, 'POST', `${EV}/categories`, body, { 'accept-language': 'en' });
      const zh = await call(app, organiser, 'POST', `${EV}/categories`, body, { 'accept-language': 'zh-CN' });
      expect([refusalOf(en), refusalOf(zh)]).toEqual([refusal, refusal]);
      expect(errorOf(en).message).not.toMatch(HAN);
      expect(errorOf(zh).message).toMatch(HAN);
    }
    const media = (await call(app, organiser, 'GET', `${EV}/categories`)).json<Category[]>().find((c) => c.code === 'media')!;
    expect(refusalOf(await call(app, organiser, 'PATCH', `${EV}/categories/${media.id}`, { code: 'vip' }))).toBe('409 code_taken code');
    expect(refusalOf(await call(app, organiser, 'PATCH', `${EV}/categories/${media.id}`, { zones: [{ zoneId: otherZoneId }] }))).toBe('400 wrong_event zones.0.zoneId');
    expect(refusalOf(await call(app, organiser, 'PATCH', `${EV}/categories/999999`, { color: '#000000' }))).toBe('404 not_found id');
    expect(await snapshotDb(app)).toEqual(before);
  });

  it('refuses to delete a category that a guest holds with 409 in_use, and deletes it once nobody does', async () => {
    const vip = (await call(app, organiser, 'GET', `${EV}/categories`)).json<Category[]>().find((c) => c.code === 'vip')!;
    const before = await snapshotDb(app);
    expect(refusalOf(await call(app, organiser, 'DELETE', `${EV}/categories/${vip.id}`))).toBe('409 in_use id');
    expect(await snapshotDb(app)).toEqual(before);
    const spare = await post<Category>(`${EV}/categories`, category({ code: 'spare', zones: [{ zoneId: zone('TOWN') }] }));
    await app.deps.db.updateTable('guests').set({ category_id: spare.id }).where('id', '=', guestId).execute();
    expect(refusalOf(await call(app, organiser, 'DELETE', `${EV}/categories/${spare.id}`))).toBe('409 in_use id');
    await app.deps.db.updateTable('guests').set({ category_id: vip.id }).where('id', '=', guestId).execute();
    expectStatus(await call(app, organiser, 'DELETE', `${EV}/categories/${spare.id}`), 200);
    expect(refusalOf(await call(app, organiser, 'DELETE', `${EV}/categories/${spare.id}`))).toBe('404 not_found id');
  });

  it("lists the demo's 15 gates, creates, changes and deletes one, and audits each change", async () => {
    const list = (await call(app, organiser, 'GET', `${EV}/gates`)).json<Gate[]>();
    expect(list).toHaveLength(15);
    expect(list.find((g) => g.code === 'VIP-1')).toMatchObject({ zoneId: zone('VIP'), roomId: idOf(demo.rooms, 'vip-lounge'), antiPassback: false });
    expect(list.find((g) => g.code === 'EXPO-N')).toMatchObject({ roomId: null, antiPassback: true });

    const created = await post<Gate>(`${EV}/gates`, gate());
    expect(created).toMatchObject({ code: 'TEST-1', zoneId: zone('MAIN'), roomId: null, antiPassback: true });
    const moved = await call(app, organiser, 'PATCH', `${EV}/gates/${created.id}`, { zoneId: zone('FORUM'), roomId: idOf(demo.rooms, 'forum-a'), antiPassback: false });
    expectStatus(moved, 200);
    expect(moved.json<Gate>()).toMatchObject({ zoneId: zone('FORUM'), roomId: idOf(demo.rooms, 'forum-a'), antiPassback: false });
    const unroomed = await call(app, organiser, 'PATCH', `${EV}/gates/${created.id}`, { roomId: null });
    expect(unroomed.json<Gate>().roomId).toBeNull();
    expectStatus(await call(app, organiser, 'DELETE', `${EV}/gates/${created.id}`), 200);
    expect((await auditOf('accreditation.gate_saved')).filter((p) => p['gateId'] === created.id)).toHaveLength(3);
    expect((await auditOf('accreditation.gate_deleted')).map((p) => p['gateId'])).toContain(created.id);
  });

  it("refuses a gate with another event's zone or room, an unknown zone, or a taken code, and keeps a gate that has scans", async () => {
    const before = await snapshotDb(app);
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/gates`, gate({ zoneId: otherZoneId })))).toBe('400 wrong_event zoneId');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/gates`, gate({ roomId: otherRoomId })))).toBe('400 wrong_event roomId');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/gates`, gate({ zoneId: 999_999 })))).toBe('404 not_found zoneId');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/gates`, gate({ code: 'MAIN-1' })))).toBe('409 code_taken code');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/gates`, gate({ code: 'main 1' })))).toBe('400 validation code');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/gates`, gate({ antiPassback: 'yes' })))).toBe('400 validation antiPassback');
    expect(await snapshotDb(app)).toEqual(before);

    const main1 = (await call(app, organiser, 'GET', `${EV}/gates`)).json<Gate[]>().find((g) => g.code === 'MAIN-1')!;
    await app.deps.db
      .insertInto('scans')
      .values({ event_id: demo.eventId, nonce: 'rules-1', credential_id: null, guest_id: guestId, gate_id: main1.id, zone_id: zone('MAIN'), direction: 'entry', verdict: 'admit', code: 'admitted', scanned_at: '2017-12-03T01:00:00.000Z', received_at: nowIso(), device_user_id: null, conflict: null })
      .execute();
    expect(refusalOf(await call(app, organiser, 'DELETE', `${EV}/gates/${main1.id}`))).toBe('409 in_use id');
    await app.deps.db.deleteFrom('scans').where('nonce', '=', 'rules-1').execute();
  });

  it("grants and bans a guest's zones in windows, lists and deletes them, and audits each with the guest's id", async () => {
    const grant = await post<{ id: number; kind: string; startsAt: string | null }>(`${EV}/guests/${guestId}/overrides`, {
      zoneId: zone('CLOSED'),
      kind: 'grant',
      startsAt: '2017-12-04T08:00:00+08:00',
      endsAt: '2017-12-04T10:00:00+08:00',
      reason: 'Invited to the closed-door meeting',
    });
    expect(grant).toMatchObject({ kind: 'grant', startsAt: '2017-12-04T00:00:00.000Z', endsAt: '2017-12-04T02:00:00.000Z' });
    const ban = await post<{ id: number }>(`${EV}/guests/${guestId}/overrides`, { zoneId: zone('PRESS'), kind: 'ban', reason: 'Asked by the press office' });
    const list = await call(app, organiser, 'GET', `${EV}/guests/${guestId}/overrides`);
    expect(list.json<Array<{ id: number; kind: string; reason: string; startsAt: null }>>()).toMatchObject([
      { id: grant.id, kind: 'grant' },
      { id: ban.id, kind: 'ban', startsAt: null, endsAt: null, reason: 'Asked by the press office' },
    ]);
    expectStatus(await call(app, organiser, 'DELETE', `${EV}/guests/${guestId}/overrides/${ban.id}`), 200);
    expect(refusalOf(await call(app, organiser, 'DELETE', `${EV}/guests/${guestId}/overrides/${ban.id}`))).toBe('404 not_found overrideId');
    expect((await call(app, organiser, 'GET', `${EV}/guests/${guestId}/overrides`)).json<unknown[]>()).toHaveLength(1);
    expect((await auditOf('accreditation.override_saved')).map((p) => [p['guestId'], p['kind']])).toEqual([
      [guestId, 'grant'],
      [guestId, 'ban'],
    ]);
    expect(await auditOf('accreditation.override_deleted')).toEqual([{ guestId, overrideId: ban.id }]);
  });

  it('refuses an override for an unknown guest, a foreign zone, a backwards or out-of-event window, or without a reason', async () => {
    const before = await snapshotDb(app);
    const body = (extra: object = {}) => ({ zoneId: zone('VIP'), kind: 'grant', reason: 'Protocol', ...extra });
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/guests/999999/overrides`, body()))).toBe('404 not_found id');
    expect(refusalOf(await call(app, organiser, 'GET', `${EV}/guests/999999/overrides`))).toBe('404 not_found id');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/guests/${guestId}/overrides`, body({ zoneId: otherZoneId })))).toBe('400 wrong_event zoneId');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/guests/${guestId}/overrides`, body({ startsAt: '2017-12-04T10:00:00Z', endsAt: '2017-12-04T10:00:00Z' })))).toBe(
      '400 ends_before_start endsAt',
    );
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/guests/${guestId}/overrides`, body({ startsAt: '2018-01-01T00:00:00Z' })))).toBe('400 outside_event startsAt');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/guests/${guestId}/overrides`, body({ reason: ' ' })))).toBe('400 validation reason');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/guests/${guestId}/overrides`, body({ kind: 'allow' })))).toBe('400 validation kind');
    expect(await snapshotDb(app)).toEqual(before);
  });
});
