import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { adminSession, call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';

const EVENT = {
  slug: 'summit',
  name: { zh: '测试峰会', en: 'Test Summit' },
  timezone: 'Asia/Shanghai',
  startDate: '2017-12-03',
  endDate: '2017-12-05',
  languages: ['zh', 'en'],
  venue: { name: { zh: '会展中心', en: 'Convention Centre' }, address: { zh: '乌镇', en: 'Wuzhen' } },
};
const at = (day: number, hhmm: string) => `2017-12-0${day}T${hhmm}:00+08:00`;

describe.each(databases())('programme on %s', (kind) => {
  let app: TestApp;
  let admin: Session;
  const ids: Record<string, number> = {};
  const base = '/api/v1/events/summit';

  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = await adminSession(app);
    expect((await call(app, admin, 'POST', '/api/v1/events', EVENT)).statusCode).toBe(201);
    const hall = await call(app, admin, 'POST', `${base}/rooms`, { name: { zh: '主会场', en: 'Main Hall' }, capacity: 100 });
    const small = await call(app, admin, 'POST', `${base}/rooms`, { name: { zh: '小会议室', en: 'Small Room' }, capacity: 20 });
    const b1 = await call(app, admin, 'POST', `${base}/boards`, { code: 'b1', title: { zh: '数字经济', en: 'Digital economy' } });
    const b2 = await call(app, admin, 'POST', `${base}/boards`, { code: 'b2', title: { zh: '网络治理', en: 'Governance' } });
    const ada = await call(app, admin, 'POST', `${base}/people`, { name: '张伟', organisation: 'Example Org' });
    const bob = await call(app, admin, 'POST', `${base}/people`, { name: 'Bob Example' });
    Object.assign(ids, { hall: hall.json().id, small: small.json().id, b1: b1.json().id, b2: b2.json().id, zhang: ada.json().id, bob: bob.json().id });
  });
  afterAll(async () => app?.dispose());

  const session = (code: string, extra: Record<string, unknown> = {}) => ({
    code,
    kind: 'forum',
    boardId: ids.b1,
    title: { zh: `论坛 ${code}`, en: `Forum ${code}` },
    languages: ['zh', 'en'],
    interpretation: [{ channel: 1, language: 'zh' }, { channel: 2, language: 'en' }],
    roomId: ids.hall,
    startsAt: at(4, '09:00'),
    endsAt: at(4, '10:30'),
    expectedAudience: 80,
    people: [{ personId: ids.zhang, role: 'moderator' }],
    ...extra,
  });

  it('transliterates a Chinese speaker name to pinyin for sorting', async () => {
    const people = (await call(app, admin, 'GET', `${base}/people`)).json<Array<{ name: string; nameLatin: string }>>();
    expect(people.find((p) => p.name === '张伟')?.nameLatin).toBe('Zhang Wei');
  });

  it('stores a session in UTC and reports no conflicts when there are none', async () => {
    const res = await call(app, admin, 'POST', `${base}/sessions`, session('F01'));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    ids.f01 = body.id;
    expect(body.startsAt).toBe('2017-12-04T01:00:00.000Z');
    expect(body.conflicts).toEqual([]);
    expect(body.guid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('flags a double-booked room and a person in two places at once on save', async () => {
    const res = await call(app, admin, 'POST', `${base}/sessions`, session('F02', { startsAt: at(4, '10:00'), endsAt: at(4, '11:00') }));
    expect(res.statusCode).toBe(201);
    ids.f02 = res.json().id;
    const kinds = res.json().conflicts.map((c: { kind: string }) => c.kind).sort();
    expect(kinds).toEqual(['person_double_booked', 'room_double_booked']);
  });

  it('lists every conflict, including an audience larger than the room', async () => {
    await call(app, admin, 'POST', `${base}/sessions`, session('F03', { roomId: ids.small, expectedAudience: 50, people: [], startsAt: at(5, '09:00'), endsAt: at(5, '10:00') }));
    const conflicts = (await call(app, admin, 'GET', `${base}/conflicts`)).json<Array<{ kind: string; sessionIds: number[] }>>();
    expect(conflicts.map((c) => c.kind).sort()).toEqual(['over_capacity', 'person_double_booked', 'room_double_booked']);
    expect(conflicts.find((c) => c.kind === 'room_double_booked')?.sessionIds).toEqual([ids.f01, ids.f02]);
  });

  it('previews the conflicts of an unsaved change without saving it', async () => {
    const before = (await call(app, admin, 'GET', `${base}/sessions/${ids.f02}`)).json();
    const preview = await call(app, admin, 'POST', `${base}/sessions/check`, { id: ids.f02, startsAt: at(4, '09:30'), endsAt: at(4, '10:00'), people: [] });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().conflicts.map((c: { kind: string }) => c.kind)).toEqual(['room_double_booked']);
    expect((await call(app, admin, 'GET', `${base}/sessions/${ids.f02}`)).json()).toEqual(before);
    const fresh = await call(app, admin, 'POST', `${base}/sessions/check`, { roomId: ids.hall, startsAt: at(4, '09:00'), endsAt: at(4, '09:30'), people: [{ personId: ids.zhang, role: 'speaker' }] });
    expect(fresh.json().conflicts.map((c: { kind: string; sessionIds: number[] }) => `${c.kind}:${c.sessionIds.join('+')}`).sort()).toEqual([
      `person_double_booked:0+${ids.f01}`,
      `room_double_booked:0+${ids.f01}`,
    ]);
  });

  it('clears the conflicts once the session moves to a free room and time', async () => {
    const res = await call(app, admin, 'PATCH', `${base}/sessions/${ids.f02}`, { startsAt: at(4, '11:00'), endsAt: at(4, '12:00') });
    expect(res.statusCode).toBe(200);
    expect(res.json().conflicts).toEqual([]);
    expect(res.json().revision).toBe(2);
  });

  it('reports sessions left outside the event when its dates shrink', async () => {
    await call(app, admin, 'PATCH', base, { endDate: '2017-12-04' });
    const conflicts = (await call(app, admin, 'GET', `${base}/conflicts`)).json<Array<{ kind: string }>>();
    expect(conflicts.filter((c) => c.kind === 'outside_event')).toHaveLength(1);
    await call(app, admin, 'PATCH', base, { endDate: '2017-12-05' });
  });

  it('refuses to read an unpublished programme', async () => {
    const res = await call(app, null, 'GET', `${base}/programme`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_published');
  });

  it('publishes version 1 with every session added in the changelog', async () => {
    const res = await call(app, admin, 'POST', `${base}/publish`);
    expect(res.statusCode).toBe(201);
    expect(res.json().version).toBe(1);
    expect(res.json().changes.map((c: { change: string; code: string }) => `${c.change}:${c.code}`)).toEqual(['added:F01', 'added:F02', 'added:F03']);
  });

  it('serves the published programme in one language with an ETag and answers 304 to a matching If-None-Match', async () => {
    const res = await call(app, null, 'GET', `${base}/programme?lang=zh`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.language).toBe('zh');
    expect(body.sessions[0].title).toBe('论坛 F01');
    expect(body.event.name).toBe('测试峰会');
    const again = await call(app, null, 'GET', `${base}/programme?lang=zh`, undefined, { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
    const en = await call(app, null, 'GET', `${base}/programme?lang=en`);
    expect(en.headers.etag).not.toBe(res.headers.etag);
    const zipped = await call(app, null, 'GET', `${base}/programme?lang=zh`, undefined, { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.etag).not.toBe(res.headers.etag);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(body);
    expect(zipped.rawPayload.length).toBeLessThan(res.rawPayload.length);
    const notModified = await call(app, null, 'GET', `${base}/programme?lang=zh`, undefined, { 'accept-encoding': 'gzip', 'if-none-match': String(zipped.headers.etag) });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.headers['content-encoding']).toBeUndefined();
  });

  it('keeps drafts out of the public programme until the next publication, then logs what changed', async () => {
    await call(app, admin, 'PATCH', `${base}/sessions/${ids.f01}`, { title: { zh: '全球数字经济', en: 'Global digital economy' }, roomId: ids.small, expectedAudience: 20 });
    await call(app, admin, 'DELETE', `${base}/sessions/${ids.f02}`);
    const before = (await call(app, null, 'GET', `${base}/programme?lang=en`)).json();
    expect(before.sessions.map((s: { title: string }) => s.title)).toContain('Forum F01');
    const pub = (await call(app, admin, 'POST', `${base}/publish`)).json();
    expect(pub.version).toBe(2);
    expect(pub.changes).toEqual([
      { change: 'changed', sessionId: ids.f01, code: 'F01', title: { zh: '全球数字经济', en: 'Global digital economy' }, fields: ['title', 'room'] },
      { change: 'removed', sessionId: ids.f02, code: 'F02', title: { zh: '论坛 F02', en: 'Forum F02' }, fields: [] },
    ]);
    const after = (await call(app, null, 'GET', `${base}/programme?lang=en`)).json();
    expect(after.version).toBe(2);
    expect(after.sessions.map((s: { title: string }) => s.title)).toEqual(['Global digital economy', 'Forum F03']);
    const history = (await call(app, admin, 'GET', `${base}/publications`)).json();
    expect(history.map((p: { version: number }) => p.version)).toEqual([2, 1]);
  });

  it('shows a closed-door session only to its invitation list and the organisers', async () => {
    const guest = await call(app, admin, 'POST', `${base}/accounts`, { email: 'g1@example.org', displayName: 'Guest One', password: 'guest password 1', role: 'guest' });
    const other = await call(app, admin, 'POST', `${base}/accounts`, { email: 'g2@example.org', displayName: 'Guest Two', password: 'guest password 2', role: 'guest' });
    const closed = await call(app, admin, 'POST', `${base}/sessions`, session('CLOSED', { kind: 'closed_door', boardId: ids.b2, roomId: ids.small, expectedAudience: 10, people: [], invitedUserIds: [guest.json().userId], startsAt: at(5, '14:00'), endsAt: at(5, '15:00') }));
    expect(closed.statusCode).toBe(201);
    ids.closed = closed.json().id;
    await call(app, admin, 'POST', `${base}/publish`);
    const codes = async (s: Session | null) => (await call(app, s, 'GET', `${base}/programme`)).json().sessions.map((x: { code: string }) => x.code);
    expect(await codes(null)).not.toContain('CLOSED');
    expect(await codes(await login(app, 'g2@example.org', 'guest password 2'))).not.toContain('CLOSED');
    expect(await codes(await login(app, 'g1@example.org', 'guest password 1'))).toContain('CLOSED');
    expect(await codes(admin)).toContain('CLOSED');
    expect(other.statusCode).toBe(201);
    await call(app, admin, 'POST', '/api/v1/events', { ...EVENT, slug: 'other-summit' });
    const outsider = await call(app, admin, 'POST', '/api/v1/events/other-summit/accounts', { email: 'out@example.org', displayName: 'Outsider', role: 'guest' });
    const invite = await call(app, admin, 'PATCH', `${base}/sessions/${ids.closed}`, { invitedUserIds: [guest.json().userId, outsider.json().userId] });
    expect(invite.statusCode).toBe(400);
    expect(invite.json().error).toMatchObject({ code: 'wrong_event', field: 'invitedUserIds.1' });
    for (const fmt of ['schedule.xml', 'schedule.json', 'calendar.ics', 'programme.csv']) {
      expect((await call(app, admin, 'GET', `${base}/${fmt}`)).body).not.toContain('CLOSED');
    }
  });

  it('lets a guest star sessions, flags overlaps, and serves them in a private calendar feed', async () => {
    const g = await login(app, 'g1@example.org', 'guest password 1');
    await call(app, admin, 'POST', `${base}/sessions`, session('F04', { roomId: ids.hall, people: [], startsAt: at(5, '09:30'), endsAt: at(5, '10:30') }));
    await call(app, admin, 'POST', `${base}/publish`);
    const prog = (await call(app, g, 'GET', `${base}/programme`)).json();
    const id = (code: string) => prog.sessions.find((s: { code: string }) => s.code === code).id as number;
    expect((await call(app, g, 'PUT', `${base}/agenda/${id('F03')}`)).statusCode).toBe(200);
    const starred = await call(app, g, 'PUT', `${base}/agenda/${id('F04')}`);
    expect(starred.json().overlaps).toBe(1);
    expect(starred.json().items.find((i: { code: string }) => i.code === 'F04').overlapsWith).toEqual([id('F03')]);
    expect((await call(app, g, 'PUT', `${base}/agenda/${id('F04')}`)).json().items).toHaveLength(2);
    await call(app, g, 'PUT', `${base}/agenda/${id('CLOSED')}`);

    const feed = (await call(app, g, 'POST', `${base}/agenda/feed`, {})).json().url as string;
    const path = new URL(feed).pathname;
    const ics = await call(app, null, 'GET', path);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(ics.body).toContain('DTSTART;TZID=Asia/Shanghai:20171205T093000');

    const unstarred = await call(app, g, 'DELETE', `${base}/agenda/${id('F04')}`);
    expect(unstarred.json().overlaps).toBe(0);
    expect((await call(app, null, 'GET', path)).body.match(/BEGIN:VEVENT/g)).toHaveLength(2);

    const rotated = (await call(app, g, 'POST', `${base}/agenda/feed`, { rotate: true })).json().url as string;
    expect(rotated).not.toBe(feed);
    expect((await call(app, null, 'GET', path)).statusCode).toBe(404);
    expect((await call(app, null, 'GET', path.replace(/.{6}\.ics$/, 'AAAAAA.ics'))).statusCode).toBe(404);
  });

  it('imports a real pretalx export into a new event and updates it in place on re-import', async () => {
    const content = readFileSync('tests/fixtures/schedule/pretalx-democon.json', 'utf8');
    const first = await call(app, admin, 'POST', '/api/v1/events/summit/import', { content, filename: 'schedule.json' });
    expect(first.statusCode).toBe(200);
    expect(first.json().created.sessions).toBe(36);
    const second = await call(app, admin, 'POST', '/api/v1/events/summit/import', { content, filename: 'schedule.json' });
    expect(second.json().created.sessions).toBe(0);
    expect(second.json().updated.sessions).toBe(36);
  });

  it('writes every change to the audit log with the acting user, readable by organisers newest first', async () => {
    const rows = await app.deps.db.selectFrom('audit_log').select(['type', 'actor_user_id']).where('type', '=', 'programme.published').execute();
    expect(rows.length).toBe(4);
    expect(new Set(rows.map((r) => r.actor_user_id))).toEqual(new Set([admin.userId]));
    const page = (await call(app, admin, 'GET', `${base}/audit?limit=3`)).json<Array<{ id: number; type: string; actorUserId: number }>>();
    expect(page).toHaveLength(3);
    expect(page[0]!.id).toBeGreaterThan(page[1]!.id);
    const older = (await call(app, admin, 'GET', `${base}/audit?limit=500&before=${page[2]!.id}`)).json<Array<{ type: string }>>();
    expect(page.map((r) => r.type)).toEqual(['programme.imported', 'programme.imported', 'agenda.feed_rotated']);
    expect(older.at(-1)?.type).toBe('event.created');
  });

  it('bumps the revision of a re-imported session instead of resetting it', async () => {
    const content = readFileSync('tests/fixtures/schedule/pretalx-democon.json', 'utf8');
    await call(app, admin, 'POST', '/api/v1/events/summit/import', { content, filename: 'schedule.json' });
    const sessions = await app.deps.db.selectFrom('sessions').select(['revision', 'created_at', 'updated_at']).where('external_ref', 'is not', null).execute();
    expect(new Set(sessions.map((s) => s.revision))).toEqual(new Set([3]));
    expect(sessions.every((s) => s.created_at < s.updated_at)).toBe(true);
  });

  it('gives concurrent publications consecutive versions', async () => {
    const results = await Promise.all([1, 2, 3].map(() => call(app, admin, 'POST', `${base}/publish`)));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(results.map((r) => r.json().version as number).sort()).toEqual([5, 6, 7]);
  });

  it('stops a calendar feed when its account is disabled', async () => {
    const g = await login(app, 'g2@example.org', 'guest password 2');
    const path = new URL((await call(app, g, 'POST', `${base}/agenda/feed`)).json().url as string).pathname;
    expect((await call(app, null, 'GET', path)).statusCode).toBe(200);
    await app.deps.db.updateTable('users').set({ disabled: 1 }).where('email', '=', 'g2@example.org').execute();
    expect((await call(app, null, 'GET', path)).statusCode).toBe(404);
  });

  it('shows a board chair the conflicts that touch their board only', async () => {
    await call(app, admin, 'POST', `${base}/sessions`, session('B2-CLASH', { boardId: ids.b2, roomId: ids.small, people: [], expectedAudience: 10, startsAt: at(5, '09:30'), endsAt: at(5, '09:45') }));
    await call(app, admin, 'POST', `${base}/accounts`, { email: 'chair2@example.org', displayName: 'Chair Two', password: 'chair password 2', role: 'board_chair', boardId: ids.b2 });
    const chair = await login(app, 'chair2@example.org', 'chair password 2');
    const all = (await call(app, admin, 'GET', `${base}/conflicts`)).json<Array<{ kind: string }>>();
    const mine = (await call(app, chair, 'GET', `${base}/conflicts`)).json<Array<{ kind: string; sessionIds: number[] }>>();
    expect(all.length).toBeGreaterThan(mine.length);
    expect(mine.map((c) => c.kind)).toEqual(['room_double_booked']);
  });
});

describe.each(databases())('venues on %s', (kind) => {
  let app: TestApp;
  let admin: Session;
  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = await adminSession(app);
    await call(app, admin, 'POST', '/api/v1/events', { ...EVENT, slug: 'two-sites' });
    await call(app, admin, 'POST', '/api/v1/events', { ...EVENT, slug: 'elsewhere' });
  });
  afterAll(async () => app?.dispose());

  it('places rooms in one of several venues of an event, and refuses a venue of another event', async () => {
    const centre = (await call(app, admin, 'POST', '/api/v1/events/two-sites/venues', { name: { zh: '会展中心', en: 'Centre' }, address: { zh: '乌镇', en: 'Wuzhen' } })).json();
    const town = (await call(app, admin, 'POST', '/api/v1/events/two-sites/venues', { name: { zh: '西栅', en: 'Xizha' }, address: { zh: '乌镇西栅', en: 'Xizha' }, position: 1 })).json();
    const foreign = (await call(app, admin, 'POST', '/api/v1/events/elsewhere/venues', { name: { zh: '别处', en: 'Elsewhere' }, address: { zh: '别处', en: 'Elsewhere' } })).json();
    const hall = await call(app, admin, 'POST', '/api/v1/events/two-sites/rooms', { name: { zh: '剧场', en: 'Theatre' }, venueId: town.id, capacity: 1000, floor: 'G' });
    expect(hall.statusCode).toBe(201);
    expect(hall.json()).toMatchObject({ venueId: town.id, capacity: 1000, floor: 'G' });
    const wrong = await call(app, admin, 'POST', '/api/v1/events/two-sites/rooms', { name: { zh: '错', en: 'Wrong' }, venueId: foreign.id });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'wrong_event', field: 'venueId' });
    const venues = (await call(app, null, 'GET', '/api/v1/events/two-sites/venues')).json();
    expect(venues.map((v: { id: number }) => v.id)).toEqual([centre.id, town.id]);
  });

  it('treats an empty PATCH as a no-op that returns the record, on every editable resource', async () => {
    const slug = '/api/v1/events/two-sites';
    const venue = (await call(app, admin, 'GET', `${slug}/venues`)).json()[0];
    const room = (await call(app, admin, 'GET', `${slug}/rooms`)).json()[0];
    const board = (await call(app, admin, 'POST', `${slug}/boards`, { code: 'nb', title: { zh: '板', en: 'Board' } })).json();
    const org = (await call(app, admin, 'POST', `${slug}/organisations`, { name: { zh: '组', en: 'Org' }, kind: 'host' })).json();
    const person = (await call(app, admin, 'POST', `${slug}/people`, { name: '李娜' })).json();
    for (const [path, before] of [[`venues/${venue.id}`, venue], [`rooms/${room.id}`, room], [`boards/${board.id}`, board], [`organisations/${org.id}`, org], [`people/${person.id}`, person]] as const) {
      const res = await call(app, admin, 'PATCH', `${slug}/${path}`, {});
      expect(res.statusCode, path).toBe(200);
      expect(res.json()).toEqual(before);
    }
    expect((await call(app, admin, 'PATCH', slug, {})).statusCode).toBe(200);
  });

  it('imports the WIC 2017 demo with its convention centre, memorial forest and old-town venues', async () => {
    const { loadDemo } = await import('../../src/demo/load-demo.js');
    await loadDemo(app.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
    const venues = (await call(app, null, 'GET', '/api/v1/events/wic2017/venues?lang=en')).json();
    expect(venues.map((v: { name: { en: string } }) => v.name.en)).toEqual([
      'Wuzhen Internet International Convention and Exhibition Center',
      'Internet Memorial Forest',
      'Wuzhen West Scenic Area (Xizha)',
    ]);
    const prog = (await call(app, null, 'GET', '/api/v1/events/wic2017/programme')).json();
    const theatre = prog.rooms.find((r: { name: { en: string } }) => r.name.en === 'Wuzhen Theatre');
    expect(prog.venues.find((v: { id: number }) => v.id === theatre.venueId).name.en).toBe('Wuzhen West Scenic Area (Xizha)');
  });
});
