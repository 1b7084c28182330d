import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';

const EVENT = {
  slug: 'summit',
  name: { zh: '测试峰会', en: 'Test Summit' },
  timezone: 'Asia/Shanghai',
  startDate: '2017-12-03',
  endDate: '2017-12-05',
  languages: ['zh', 'en'],
};
const base = '/api/v1/events/summit';
interface Row {
  sessionId: number;
  code: string;
  title: { zh: string; en: string };
  stars: number;
}

describe.each(databases())('agenda stars on %s', (kind) => {
  let app: TestApp;
  let admin: Session;
  let chair: Session;
  const guests: Session[] = [];
  const ids: Record<string, number> = {};

  const account = async (email: string, role: string, extra: object = {}) => {
    const res = await call(app, admin, 'POST', `${base}/accounts`, {
      email,
      displayName: email,
      password: 'long enough password',
      role,
      ...extra,
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ userId: number }>().userId;
  };
  const session = async (code: string, boardId: number, extra: object = {}) => {
    const res = await call(app, admin, 'POST', `${base}/sessions`, {
      code,
      kind: 'forum',
      boardId,
      title: { zh: `论坛 ${code}`, en: `Forum ${code}` },
      startsAt: '2017-12-04T02:00:00Z',
      endsAt: '2017-12-04T03:00:00Z',
      ...extra,
    });
    expect(res.statusCode).toBe(201);
    ids[code] = res.json<{ id: number }>().id;
  };
  const star = async (guest: Session, code: string) =>
    expect((await call(app, guest, 'PUT', `${base}/agenda/${ids[code]}`)).statusCode).toBe(200);
  const counts = async (who: Session) =>
    (await call(app, who, 'GET', `${base}/agenda/stars`)).json<Row[]>().map((r) => `${r.code} ${r.stars}`);

  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = await adminSession(app);
    expect((await call(app, admin, 'POST', '/api/v1/events', EVENT)).statusCode).toBe(201);
    ids.b1 = (await call(app, admin, 'POST', `${base}/boards`, { code: 'b1', title: { zh: '数字经济', en: 'Digital economy' } })).json<{
      id: number;
    }>().id;
    ids.b2 = (await call(app, admin, 'POST', `${base}/boards`, { code: 'b2', title: { zh: '网络治理', en: 'Governance' } })).json<{
      id: number;
    }>().id;
    const invited = await account('g1@example.org', 'guest');
    await account('g2@example.org', 'guest');
    await account('g3@example.org', 'guest');
    await account('chair1@example.org', 'board_chair', { boardId: ids.b1 });
    await session('A-01', ids.b1);
    await session('B-01', ids.b1);
    await session('B-02', ids.b1);
    await session('G-01', ids.b2);
    await session('G-CLOSED', ids.b2, { kind: 'closed_door', invitedUserIds: [invited] });
    expect((await call(app, admin, 'POST', `${base}/publish`)).statusCode).toBe(201);
    // added after publication: still a draft, so neither starrable nor counted
    await session('A-DRAFT', ids.b1);
    for (const email of ['g1@example.org', 'g2@example.org', 'g3@example.org'])
      guests.push(await login(app, email, 'long enough password'));
    chair = await login(app, 'chair1@example.org', 'long enough password');
    const [g1, g2, g3] = guests as [Session, Session, Session];
    for (const code of ['A-01', 'B-02', 'G-CLOSED', 'G-01']) await star(g1, code);
    for (const code of ['A-01', 'G-01']) await star(g2, code);
    await star(g3, 'A-01');
    // starring twice is still one star
    await star(g3, 'A-01');
  });
  afterAll(async () => app?.dispose());

  it('counts every star of every published session for an organiser, most starred first, then by code', async () => {
    expect(await counts(admin)).toEqual(['A-01 3', 'G-01 2', 'B-02 1', 'G-CLOSED 1', 'B-01 0']);
  });

  it('answers each row with its session id and bilingual title', async () => {
    const rows = (await call(app, admin, 'GET', `${base}/agenda/stars`)).json<Row[]>();
    expect(rows[0]).toEqual({ sessionId: ids['A-01'], code: 'A-01', title: { zh: '论坛 A-01', en: 'Forum A-01' }, stars: 3 });
  });

  it("shows a board chair only their board's sessions", async () => {
    expect(await counts(chair)).toEqual(['A-01 3', 'B-02 1', 'B-01 0']);
  });

  it('takes a star back out of the count when the guest unstars the session', async () => {
    expect((await call(app, guests[1]!, 'DELETE', `${base}/agenda/${ids['G-01']}`)).statusCode).toBe(200);
    expect(await counts(admin)).toEqual(['A-01 3', 'B-02 1', 'G-01 1', 'G-CLOSED 1', 'B-01 0']);
  });

  it('refuses a guest with 403', async () => {
    const res = await call(app, guests[0]!, 'GET', `${base}/agenda/stars`);
    expect(res.statusCode).toBe(403);
  });

  it('answers an empty list for an event that has published nothing yet', async () => {
    expect((await call(app, admin, 'POST', '/api/v1/events', { ...EVENT, slug: 'quiet' })).statusCode).toBe(201);
    const res = await call(app, admin, 'GET', '/api/v1/events/quiet/agenda/stars');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([]);
  });
});
