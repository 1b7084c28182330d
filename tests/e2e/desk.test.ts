import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential, revokeCredential } from '../../src/modules/accreditation/index.js';
import type { DeskGuest, DeskSearchResult, HandOutResult } from '../../src/modules/accreditation/desk.schema.js';
import { newToken, sha256 } from '../../src/platform/auth/principal.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { type DemoIds, expectStatus, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';

const EV = '/api/v1/events/wic2017';
const PASSWORD = 'desk-password-12';

interface GuestSeed {
  name: string;
  nameLatin: string;
  organisation?: string;
  email?: string;
  status?: string;
  category?: string | null;
  delegation?: number | null;
  invitation?: string;
}

/** The badge desk against real guests, credentials and invitation hashes, as desk staff sign in to it. */
describe.each(databases())('badge desk (%s)', (kind) => {
  let app: TestApp;
  let demo: DemoIds;
  let desk: Session;
  let organiser: Session;
  const ids: Record<string, number> = {};
  const tokens: Record<string, string> = {};

  async function addGuest(key: string, g: GuestSeed) {
    const db = app.deps.db;
    const now = new Date().toISOString();
    const category =
      g.category === null
        ? null
        : (
            await db
              .selectFrom('categories')
              .select('id')
              .where('event_id', '=', demo.eventId)
              .where('code', '=', g.category ?? 'guest')
              .executeTakeFirstOrThrow()
          ).id;
    const token = newToken();
    tokens[key] = token;
    const row = await db
      .insertInto('guests')
      .values({
        event_id: demo.eventId,
        name: g.name,
        name_latin: g.nameLatin,
        sort_key: g.nameLatin.toLowerCase(),
        organisation: g.organisation ?? null,
        email: g.email ?? null,
        language: 'zh',
        status: g.status ?? 'approved',
        category_id: category,
        delegation_id: g.delegation ?? null,
        invite_hash: sha256(token),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
    if ((g.status ?? 'approved') === 'approved' && category !== null) {
      const issued = await issueCredential(app.deps, SYSTEM, demo.eventId, row.id, 'first');
      if (!issued.ok) throw new Error(issued.code);
    }
  }

  beforeAll(async () => {
    app = await startTestApp(kind);
    demo = await loadDemoEvent(app);
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    const account = await call(app, organiser, 'POST', `${EV}/accounts`, {
      email: 'desk-h@stations.example.org',
      displayName: 'Desk 1',
      role: 'desk_staff',
      password: PASSWORD,
    });
    expectStatus(account, 201);
    desk = await login(app, 'desk-h@stations.example.org', PASSWORD);
    const delegation = await app.deps.db
      .insertInto('delegations')
      .values({ event_id: demo.eventId, code: 'DE', name_zh: '德国代表团', name_en: 'German delegation', country: 'DE' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addGuest('li', { name: '李晓明', nameLatin: 'LI Xiaoming', organisation: '浙江大学', email: 'li.xiaoming@example.cn' });
    await addGuest('mueller', {
      name: 'Jürgen Müller',
      nameLatin: 'Juergen Mueller',
      organisation: 'Deutsche Telekom',
      email: 'jm@example.de',
      category: 'vip',
      delegation: delegation.id,
    });
    await addGuest('pending', { name: '王芳', nameLatin: 'WANG Fang', status: 'registered' });
    await addGuest('nocred', { name: '赵敏', nameLatin: 'ZHAO Min', category: null });
    await addGuest('revoked', { name: '陈刚', nameLatin: 'CHEN Gang' });
    const current = await app.deps.db.selectFrom('credentials').select('id').where('guest_id', '=', ids.revoked!).executeTakeFirstOrThrow();
    const revoked = await revokeCredential(app.deps, SYSTEM, demo.eventId, current.id, 'lost');
    if (!revoked.ok) throw new Error(revoked.code);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  const search = async (q: string) => {
    const res = await call(app, desk, 'GET', `${EV}/desk/guests?q=${encodeURIComponent(q)}`);
    expectStatus(res, 200);
    return res.json<DeskSearchResult>().guests.map((g) => g.name);
  };

  it('finds a guest by name in Chinese, Latin in any case and spacing, organisation and email', async () => {
    expect(await search('晓明')).toEqual(['李晓明']);
    expect(await search('li xiaoming')).toEqual(['李晓明']);
    expect(await search('LIXIAOMING')).toEqual(['李晓明']);
    expect(await search('müller')).toEqual(['Jürgen Müller']);
    expect(await search('mueller')).toEqual(['Jürgen Müller']);
    expect(await search('telekom')).toEqual(['Jürgen Müller']);
    expect(await search('浙江')).toEqual(['李晓明']);
    expect(await search('li.xiaoming@')).toEqual(['李晓明']);
    // a LIKE wildcard typed at the desk is a character, not "anything"
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
  });

  it('answers status, category, delegation, photo and credential for each guest', async () => {
    const res = await call(app, desk, 'GET', `${EV}/desk/guests?q=m`);
    const byName = new Map(res.json<DeskSearchResult>().guests.map((g) => [g.name, g]));
    expect(byName.get('Jürgen Müller')).toEqual({
      id: ids.mueller!,
      name: 'Jürgen Müller',
      nameLatin: 'Juergen Mueller',
      organisation: 'Deutsche Telekom',
      title: null,
      country: null,
      email: 'jm@example.de',
      status: 'approved',
      category: {
        code: 'vip',
        name: expect.objectContaining({ en: expect.any(String), zh: expect.any(String) }),
        color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
      },
      delegation: { code: 'DE', name: { zh: '德国代表团', en: 'German delegation' } },
      hasPhoto: false,
      photoUrl: `${EV}/guests/${ids.mueller}/photo`,
      credentialCurrent: true,
      badgeCollectedAt: null,
    } satisfies DeskGuest);
    expect(byName.get('赵敏')).toMatchObject({ category: null, credentialCurrent: false, delegation: null });
    expect(
      byName.get('陈刚') ?? (await call(app, desk, 'GET', `${EV}/desk/guests?q=chen`)).json<DeskSearchResult>().guests[0],
    ).toMatchObject({ credentialCurrent: false });
  });

  it('finds the guest of a scanned invitation QR, as the personal link or the bare token', async () => {
    const link = `https://huiwu.example.org/app/register/${tokens.li}`;
    for (const code of [link, `${link}?lang=zh`, tokens.li!, `  ${tokens.li}\n`]) {
      const res = await call(app, desk, 'GET', `${EV}/desk/invitation?code=${encodeURIComponent(code)}`);
      expectStatus(res, 200);
      expect(res.json<DeskGuest>().id).toBe(ids.li);
    }
    const unknown = await call(
      app,
      desk,
      'GET',
      `${EV}/desk/invitation?code=${encodeURIComponent(`https://x/app/register/${newToken()}`)}`,
    );
    expect(refusalOf(unknown)).toBe('404 invitation_unknown code');
    const text = await call(app, desk, 'GET', `${EV}/desk/invitation?code=${encodeURIComponent('hello world')}`, undefined, {
      'accept-language': 'zh-CN',
    });
    expect(refusalOf(text)).toBe('400 invitation_unreadable code');
    expect(text.json<{ error: { message: string } }>().error.message).toContain('邀请');
  });

  it('records the first pickup once: a second hand-out keeps and answers the original time', async () => {
    const first = await call(app, desk, 'POST', `${EV}/desk/guests/${ids.li}/hand-out`, { identityChecked: true });
    expectStatus(first, 200);
    const handed = first.json<HandOutResult>();
    expect(handed.code).toBe('handed_out');
    expect(Date.now() - Date.parse(handed.badgeCollectedAt)).toBeLessThan(10_000);
    expect(handed.guest.badgeCollectedAt).toBe(handed.badgeCollectedAt);

    const again = await call(app, organiser, 'POST', `${EV}/desk/guests/${ids.li}/hand-out`, { identityChecked: true });
    expectStatus(again, 200);
    expect(again.json<HandOutResult>()).toMatchObject({ code: 'already_collected', badgeCollectedAt: handed.badgeCollectedAt });
    const row = await app.deps.db.selectFrom('guests').select('badge_collected_at').where('id', '=', ids.li!).executeTakeFirstOrThrow();
    expect(row.badge_collected_at).toBe(handed.badgeCollectedAt);
    const audit = await app.deps.db
      .selectFrom('audit_log')
      .select(['payload', 'actor_user_id'])
      .where('type', '=', 'badge.handed_out')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_user_id).toBe(desk.userId);
    expect(JSON.parse(audit[0]!.payload)).toMatchObject({ guestId: ids.li });
    expect(await search('li xiaoming')).toEqual(['李晓明']);
  });

  it('refuses a guest who is not approved or holds no current credential, changing nothing', async () => {
    const before = await snapshotDb(app);
    const pending = await call(app, desk, 'POST', `${EV}/desk/guests/${ids.pending}/hand-out`, { identityChecked: true });
    expect(refusalOf(pending)).toBe('409 badge_guest_not_approved id');
    expect(pending.json<{ error: { message: string } }>().error.message).toContain('registered');
    expect(refusalOf(await call(app, desk, 'POST', `${EV}/desk/guests/${ids.nocred}/hand-out`, { identityChecked: true }))).toBe(
      '409 badge_no_credential id',
    );
    expect(refusalOf(await call(app, desk, 'POST', `${EV}/desk/guests/${ids.revoked}/hand-out`, { identityChecked: true }))).toBe(
      '409 badge_no_credential id',
    );
    expect(refusalOf(await call(app, desk, 'POST', `${EV}/desk/guests/999999/hand-out`, { identityChecked: true }))).toBe(
      '404 not_found id',
    );
    expect(refusalOf(await call(app, desk, 'POST', `${EV}/desk/guests/${ids.mueller}/hand-out`, { identityChecked: false }))).toBe(
      '400 validation identityChecked',
    );
    expect(await snapshotDb(app)).toEqual(before);
  });

  it('keeps the desk to desk staff and organisers', async () => {
    const guest = await login(app, 'guest@wic2017.example.org', DEMO_PASSWORD);
    expect(refusalOf(await call(app, guest, 'GET', `${EV}/desk/guests?q=li`))).toBe('403 forbidden -');
    expect(refusalOf(await call(app, null, 'POST', `${EV}/desk/guests/${ids.mueller}/hand-out`, { identityChecked: true }))).toBe(
      '401 unauthenticated -',
    );
  });
});
