import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { readGuestPhoto } from '../../src/modules/people/index.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { expectStatus, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';
import { sampleFaceCrop, sampleGroup } from '../support/faces.js';
import { facePhoto, photoUpload, registrationForm, seedDelegation, seedGuest } from '../support/registration-fixture.js';

const EV = '/api/v1/events/wic2017';
const inv = (token: string, rest = '') => `/api/v1/invitations/${token}${rest}`;
const token = (name: string) => `tok-${name}-`.padEnd(43, 'x');

interface View {
  guestId: number;
  status: string;
  reviewNote: string | null;
  registration: Record<string, unknown> | null;
  consents: Record<'dataProcessing' | 'faceRecognition' | 'photography', { given: boolean; at: string; by: number | null }> | null;
  editable: string[];
  needsReview: string[];
  hasAccount: boolean;
  hasPhoto: boolean;
}
interface Detail {
  id: number;
  status: string;
  credential: { id: number } | null;
  category: { code: string } | null;
  reviewNote: string | null;
}

describe.each(databases())('registration (%s)', (kind) => {
  let app: TestApp;
  let eventId: number;
  let organiser: Session;
  const put = (t: string, body: object, lang = 'en') => call(app, null, 'PUT', inv(t, '/registration'), body, { 'accept-language': lang });
  const review = (id: number, body: object) => call(app, organiser, 'POST', `${EV}/guests/${id}/review`, body);
  const detail = async (id: number) => (await call(app, organiser, 'GET', `${EV}/guests/${id}`)).json<Detail>();
  const currentCredentials = (guestId: number) =>
    app.deps.db.selectFrom('credentials').select(['id', 'revoked_at', 'revoke_reason']).where('guest_id', '=', guestId).orderBy('id').execute();
  const upload = (t: string, content: Buffer, name = 'me.jpg') => {
    const { payload, headers } = photoUpload(content, name);
    return app.app.inject({ method: 'POST', url: inv(t, '/photo'), payload, headers });
  };
  const filesIn = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('.'));

  beforeAll(async () => {
    app = await startTestApp(kind);
    eventId = (await loadDemoEvent(app)).eventId;
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  describe('by invitation link', () => {
    it('answers an unknown token with 404 invitation_not_found, in either language', async () => {
      const res = await call(app, null, 'GET', inv(token('nobody')), undefined, { 'accept-language': 'zh-CN' });
      expect(refusalOf(res)).toBe('404 invitation_not_found token');
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/邀请链接无效/);
    });

    it('shows the invitee the event, their name and that everything is editable before registering', async () => {
      await seedGuest(app, eventId, { token: token('li'), name: '李雷', categoryCode: 'speaker' });
      const res = await call(app, null, 'GET', inv(token('li')));
      expectStatus(res, 200);
      const v = res.json<View & { name: string; nameLatin: string; event: { slug: string; name: { en: string } }; category: { en: string } }>();
      expect([v.name, v.nameLatin, v.status, v.event.slug, v.registration, v.hasAccount]).toEqual(['李雷', 'Li Lei', 'invited', 'wic2017', null, false]);
      expect(v.category.en).toBe('Speaker');
      expect(v.editable).toContain('identity');
      expect(v.needsReview).toEqual([]);
    });

    it('refuses a registration without consent to data processing, changing nothing', async () => {
      const before = await snapshotDb(app);
      const res = await put(token('li'), registrationForm({ consents: { dataProcessing: false, faceRecognition: false, photography: false } }));
      expect(refusalOf(res)).toBe('400 validation consents.dataProcessing');
      expect(await snapshotDb(app)).toEqual(before);
    });

    it('refuses an identity document that expires before the event ends, and a departure before the arrival', async () => {
      const before = await snapshotDb(app);
      const form = registrationForm();
      expect(refusalOf(await put(token('li'), { ...form, identity: { ...form.identity, expiry: '2017-12-04' } }))).toBe('400 document_expires_early identity.expiry');
      expect(refusalOf(await put(token('li'), { ...form, departure: { ...form.departure, at: '2017-12-01T09:00:00Z' } }))).toBe('400 ends_before_start departure.at');
      expect(refusalOf(await put(token('li'), { ...form, hotel: { needed: true, checkIn: '2017-12-05', checkOut: '2017-12-02' } }))).toBe('400 ends_before_start hotel.checkOut');
      expect(await snapshotDb(app)).toEqual(before);
    });

    it('registers with separate consents, each with its time, and creates an app account the guest can log in with', async () => {
      const res = await put(token('li'), registrationForm({ password: 'li-lei-password-1' }));
      expectStatus(res, 200);
      const v = res.json<View>();
      expect(v.status).toBe('registered');
      expect(v.hasAccount).toBe(true);
      expect(Object.fromEntries(Object.entries(v.consents!).map(([k, c]) => [k, c.given]))).toEqual({ dataProcessing: true, faceRecognition: true, photography: false });
      expect(Date.parse(v.consents!.dataProcessing.at)).toBeGreaterThan(Date.now() - 60_000);
      expect((v.registration as { hotel: { roomType: string } }).hotel.roomType).toBe('single');

      const guest = await app.deps.db.selectFrom('guests').select(['user_id', 'email']).where('id', '=', v.guestId).executeTakeFirstOrThrow();
      const grants = await app.deps.db.selectFrom('role_grants').select(['role', 'event_id']).where('user_id', '=', guest.user_id!).execute();
      expect(grants).toEqual([{ role: 'guest', event_id: eventId }]);
      const session = await login(app, guest.email!, 'li-lei-password-1');
      const mine = await call(app, session, 'GET', `${EV}/my/registration`);
      expectStatus(mine, 200);
      expect(mine.json<View>().guestId).toBe(v.guestId);
    });

    it('links an existing account with the same email instead of creating one, leaving its password alone', async () => {
      const chair = await app.deps.db.selectFrom('users').select('id').where('email', '=', 'chair4@wic2017.example.org').executeTakeFirstOrThrow();
      const id = await seedGuest(app, eventId, { token: token('demo'), name: 'Board Chair', email: 'chair4@wic2017.example.org' });
      expectStatus(await put(token('demo'), registrationForm({ password: 'another-password-9' })), 200);
      const row = await app.deps.db.selectFrom('guests').select('user_id').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.user_id).toBe(chair.id);
      const session = await login(app, 'chair4@wic2017.example.org', DEMO_PASSWORD);
      expect((await call(app, session, 'GET', `${EV}/my/registration`)).json<View>().guestId).toBe(id);
    });

    it("shows a signed-in guest their own registration and consents (the demo guest's, approved)", async () => {
      const session = await login(app, 'guest@wic2017.example.org', DEMO_PASSWORD);
      const res = await call(app, session, 'GET', `${EV}/my/registration`);
      expectStatus(res, 200);
      const v = res.json<View>();
      expect([v.status, v.consents?.dataProcessing.given, v.hasAccount]).toEqual(['approved', true, true]);
    });

    it('refuses an account for a guest without an email address', async () => {
      await seedGuest(app, eventId, { token: token('nomail'), name: 'No Mail', email: null });
      expect(refusalOf(await put(token('nomail'), registrationForm({ password: 'no-mail-password' })))).toBe('400 account_needs_email password');
    });
  });

  describe('photo', () => {
    it('accepts a real portrait photo and stores it as a JPEG the desk can fetch', async () => {
      const res = await upload(token('li'), await facePhoto());
      expectStatus(res, 201);
      const p = res.json<{ guestId: number; width: number; height: number; faceChecked: boolean }>();
      expect([p.width, p.height, p.faceChecked]).toEqual([390, 520, true]);
      const got = await app.app.inject({ method: 'GET', url: `${EV}/guests/${p.guestId}/photo`, headers: { cookie: organiser.cookie } });
      expectStatus(got, 200);
      expect(got.headers['content-type']).toBe('image/jpeg');
      const meta = await sharp(got.rawPayload).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 390, 520]);
      expect((await readGuestPhoto(app.deps, p.guestId))!.equals(got.rawPayload)).toBe(true);
    });

    it('refuses, by content, a text file named .jpg, a truncated JPEG, a tiny image, a blurred one, a landscape scene, a dark one and oversized ones', async () => {
      const good = await facePhoto();
      const cases: Array<[string, Buffer, string]> = [
        ['a text file named .jpg', Buffer.from('This is my passport photo, honestly.\n'), '415 photo_not_image photo'],
        ['a JPEG cut off halfway', good.subarray(0, Math.floor(good.length / 2)), '422 photo_truncated photo'],
        ['a 150 px face crop', await sampleFaceCrop(), '422 photo_too_small photo'],
        ['the photo blurred', await sharp(good).blur(4).jpeg().toBuffer(), '422 photo_blurry photo'],
        ['a landscape group scene', await sampleGroup(), '422 photo_aspect photo'],
        ['the photo nearly black', await sharp(good).linear(0.12, 0).jpeg().toBuffer(), '422 photo_too_dark photo'],
        ['a 42-megapixel image', await sharp({ create: { width: 7000, height: 6000, channels: 3, background: '#808080' } }).jpeg().toBuffer(), '413 photo_too_large photo'],
        ['an 11 MB file', Buffer.concat([good, randomBytes(11 * 1024 * 1024)]), '413 photo_too_large photo'],
      ];
      const before = await snapshotDb(app);
      const files = filesIn(app.deps.config.filesDir);
      for (const [what, content, refusal] of cases) expect(`${what}: ${refusalOf(await upload(token('li'), content))}`).toBe(`${what}: ${refusal}`);
      expect(await snapshotDb(app)).toEqual(before);
      expect(filesIn(app.deps.config.filesDir)).toEqual(files);
    });

    it('refuses a photo for an unknown invitation with 404 before reading it', async () => {
      expect(refusalOf(await upload(token('nobody'), await facePhoto()))).toBe('404 invitation_not_found token');
    });
  });

  describe('review', () => {
    it('approves a registered guest with a category and issues the badge credential in the same step', async () => {
      const id = (await call(app, null, 'GET', inv(token('li')))).json<View>().guestId;
      const res = await review(id, { action: 'approve' });
      expectStatus(res, 200);
      const d = res.json<Detail>();
      expect(d.status).toBe('approved');
      const creds = await currentCredentials(id);
      expect(creds).toHaveLength(1);
      expect(creds[0]!.revoked_at).toBeNull();
      expect(d.credential?.id).toBe(creds[0]!.id);
    });

    it('refuses to approve again with 409, naming action', async () => {
      const id = (await call(app, null, 'GET', inv(token('li')))).json<View>().guestId;
      expect(refusalOf(await review(id, { action: 'approve' }))).toBe('409 review_not_allowed action');
    });

    it('keeps an approved guest approved when only follow-up fields change, with the same credential', async () => {
      const id = (await call(app, null, 'GET', inv(token('li')))).json<View>().guestId;
      const res = await put(token('li'), registrationForm({ hotel: { needed: true, checkIn: '2017-12-02', checkOut: '2017-12-06', roomType: 'double' }, dietary: { kind: 'halal' } }));
      expectStatus(res, 200);
      expect(res.json<View>().status).toBe('approved');
      expect(res.json<View>().needsReview).toEqual(['name', 'nameLatin', 'identity']);
      expect((await currentCredentials(id)).filter((c) => c.revoked_at === null)).toHaveLength(1);
    });

    it('sends an approved guest back to review when the identity document changes, revoking the badge', async () => {
      const id = (await call(app, null, 'GET', inv(token('li')))).json<View>().guestId;
      const form = registrationForm();
      const res = await put(token('li'), { ...form, identity: { ...form.identity, number: 'G98765432' } });
      expect(res.json<View>().status).toBe('registered');
      const creds = await currentCredentials(id);
      expect(creds.map((c) => c.revoke_reason)).toEqual(['registration_changed']);
      expectStatus(await review(id, { action: 'approve' }), 200);
      expect((await currentCredentials(id)).filter((c) => c.revoked_at === null)).toHaveLength(1);
    });

    it('approves a guest without a category without a credential', async () => {
      const id = await seedGuest(app, eventId, { token: token('nocat'), name: 'Ana Souza' });
      expectStatus(await put(token('nocat'), registrationForm()), 200);
      const d = (await review(id, { action: 'approve' })).json<Detail>();
      expect([d.status, d.credential]).toEqual(['approved', null]);
      expect(await currentCredentials(id)).toEqual([]);
    });

    it('asks for changes with a reason the guest reads; the guest edits and is registered again', async () => {
      const id = await seedGuest(app, eventId, { token: token('chg'), name: 'Jean Dupont', categoryCode: 'media' });
      expectStatus(await put(token('chg'), registrationForm()), 200);
      expect(refusalOf(await review(id, { action: 'request_changes' }))).toBe('400 reason_required reason');
      expectStatus(await review(id, { action: 'request_changes', reason: 'Please upload a passport photo.' }), 200);
      const seen = (await call(app, null, 'GET', inv(token('chg')))).json<View>();
      expect([seen.status, seen.reviewNote]).toEqual(['changes_requested', 'Please upload a passport photo.']);
      const again = await put(token('chg'), registrationForm({ languages: ['fr', 'en'] }));
      expect(again.json<View>().status).toBe('registered');
    });

    it('rejects with a reason; a rejected guest can no longer register', async () => {
      const id = await seedGuest(app, eventId, { token: token('rej'), name: 'Max Mustermann', categoryCode: 'guest' });
      expectStatus(await put(token('rej'), registrationForm()), 200);
      expect(refusalOf(await review(id, { action: 'reject', reason: '  ' }))).toBe('400 reason_required reason');
      const d = (await review(id, { action: 'reject', reason: 'Not on the guest list.' })).json<Detail>();
      expect([d.status, d.reviewNote]).toEqual(['rejected', 'Not on the guest list.']);
      const before = await snapshotDb(app);
      expect(refusalOf(await put(token('rej'), registrationForm()))).toBe('409 registration_closed status');
      expect((await call(app, null, 'GET', inv(token('rej')))).json<View>().editable).toEqual([]);
      expect(await snapshotDb(app)).toEqual(before);
    });

    it('lists the history of a guest: who did what, with the changed fields', async () => {
      const id = (await call(app, null, 'GET', inv(token('chg')))).json<View>().guestId;
      const res = await call(app, organiser, 'GET', `${EV}/guests/${id}/history`);
      expectStatus(res, 200);
      const h = res.json<Array<{ type: string; actor: { name: string } | null; payload: { guestId: number; changes?: Record<string, { from: unknown; to: unknown }> } }>>();
      expect(h.map((e) => e.type)).toEqual(['guest.registered', 'guest.changes_requested', 'guest.registered']);
      expect(h.every((e) => e.payload.guestId === id)).toBe(true);
      expect(h[1]!.actor?.name).toBe('会务组 Secretariat');
      expect(h[2]!.payload.changes!['languages']).toEqual({ from: ['zh', 'en'], to: ['fr', 'en'] });
      expect(h[0]!.payload.changes!['identity.number']).toEqual({ from: null, to: '…5678' });
    });
  });

  describe('delegation heads', () => {
    let head: Session;
    let memberId: number;
    let outsiderId: number;

    beforeAll(async () => {
      const del = await seedDelegation(app, eventId, 'T-FR', '法国代表团', 'French delegation');
      const other = await seedDelegation(app, eventId, 'T-DE', '德国代表团', 'German delegation');
      await seedGuest(app, eventId, { token: token('head'), name: 'Claire Martin', delegationId: del, delegationHead: true, categoryCode: 'vip' });
      memberId = await seedGuest(app, eventId, { token: token('member'), name: 'Louis Bernard', delegationId: del, categoryCode: 'guest' });
      outsiderId = await seedGuest(app, eventId, { token: token('outsider'), name: 'Hans Weber', delegationId: other });
      expectStatus(await put(token('head'), registrationForm({ password: 'claire-password-1' })), 200);
      const email = (await app.deps.db.selectFrom('guests').select('email').where('name', '=', 'Claire Martin').executeTakeFirstOrThrow()).email!;
      head = await login(app, email, 'claire-password-1');
    });

    it("lists the head's delegation with each member's status", async () => {
      const res = await call(app, head, 'GET', `${EV}/my/delegation`);
      expectStatus(res, 200);
      const v = res.json<{ delegation: { code: string }; members: Array<{ name: string; status: string; head: boolean }> }>();
      expect(v.delegation.code).toBe('T-FR');
      expect(v.members.map((m) => [m.name, m.status, m.head])).toEqual([
        ['Claire Martin', 'registered', true],
        ['Louis Bernard', 'invited', false],
      ]);
    });

    it('registers a member of the delegation, recording the head as the one who consented', async () => {
      const res = await call(app, head, 'PUT', `${EV}/my/delegation/members/${memberId}/registration`, registrationForm());
      expectStatus(res, 200);
      const v = res.json<View>();
      expect(v.status).toBe('registered');
      expect(v.consents!.dataProcessing.by).toBe(head.userId);
    });

    it("refuses a guest outside the head's delegation with 404, changing nothing", async () => {
      const before = await snapshotDb(app);
      expect(refusalOf(await call(app, head, 'PUT', `${EV}/my/delegation/members/${outsiderId}/registration`, registrationForm()))).toBe('404 not_found id');
      expect(await snapshotDb(app)).toEqual(before);
    });

    it("uploads a member's photo for them, and refuses one for a guest outside the delegation", async () => {
      const send = async (id: number) => {
        const { payload, headers } = photoUpload(await facePhoto());
        return app.app.inject({ method: 'POST', url: `${EV}/my/delegation/members/${id}/photo`, payload, headers: { ...headers, cookie: head.cookie, 'x-csrf-token': head.csrf } });
      };
      const ok = await send(memberId);
      expectStatus(ok, 201);
      expect(ok.json<{ guestId: number; width: number }>()).toMatchObject({ guestId: memberId, width: 390 });
      expect(await readGuestPhoto(app.deps, memberId)).not.toBeNull();
      const before = await snapshotDb(app);
      expect(refusalOf(await send(outsiderId))).toBe('404 not_found id');
      expect(await snapshotDb(app)).toEqual(before);
    });

    it('refuses a member who is not the head with 403 not_delegation_head', async () => {
      expectStatus(await put(token('member'), registrationForm({ password: 'louis-password-1' })), 200);
      const email = (await app.deps.db.selectFrom('guests').select('email').where('id', '=', memberId).executeTakeFirstOrThrow()).email!;
      const member = await login(app, email, 'louis-password-1');
      expect(refusalOf(await call(app, member, 'GET', `${EV}/my/delegation`))).toBe('403 not_delegation_head guest');
      expect(refusalOf(await call(app, member, 'PUT', `${EV}/my/delegation/members/${memberId}/registration`, registrationForm()))).toBe('403 not_delegation_head guest');
    });
  });

  describe('guest list', () => {
    it('finds a guest by Han characters, by pinyin and by organisation, with counts per status', async () => {
      await seedGuest(app, eventId, { token: token('wang'), name: '王小明', organisation: '浙江大学' });
      const find = async (q: string) =>
        (await call(app, organiser, 'GET', `${EV}/guests?q=${encodeURIComponent(q)}`)).json<{ total: number; items: Array<{ name: string }>; counts: Record<string, number> }>();
      for (const q of ['王小', 'xiaoming', 'Wang Xiao', '浙江']) expect([q, (await find(q)).items.map((i) => i.name)]).toEqual([q, ['王小明']]);
      const all = await find('');
      expect(all.counts['invited']).toBeGreaterThan(0);
      expect(all.total).toBe(Object.values(all.counts).reduce((a, b) => a + b, 0));
      const approved = (await call(app, organiser, 'GET', `${EV}/guests?status=approved&limit=1`)).json<{ total: number; items: unknown[] }>();
      expect([approved.total, approved.items.length]).toEqual([all.counts['approved'], 1]);
    });

    it('filters by category and delegation code', async () => {
      const res = await call(app, organiser, 'GET', `${EV}/guests?delegation=T-FR&category=vip`);
      expect(res.json<{ items: Array<{ name: string }> }>().items.map((i) => i.name)).toEqual(['Claire Martin']);
    });

    it("re-issues an accredited guest's credential when the organisers change the category", async () => {
      const id = (await call(app, null, 'GET', inv(token('li')))).json<View>().guestId;
      const before = (await detail(id)).credential!.id;
      const vip = await app.deps.db.selectFrom('categories').select('id').where('event_id', '=', eventId).where('code', '=', 'vip').executeTakeFirstOrThrow();
      const res = await call(app, organiser, 'PATCH', `${EV}/guests/${id}`, { categoryId: vip.id, organisation: '清华大学' });
      expectStatus(res, 200);
      const d = res.json<Detail>();
      expect(d.category?.code).toBe('vip');
      expect(d.credential!.id).not.toBe(before);
      expect((await currentCredentials(id)).find((c) => c.id === before)?.revoke_reason).toBe('category_changed');
    });

    it("refuses another guest's email with 409", async () => {
      const id = (await call(app, null, 'GET', inv(token('li')))).json<View>().guestId;
      expect(refusalOf(await call(app, organiser, 'PATCH', `${EV}/guests/${id}`, { email: 'guest@wic2017.example.org' }))).toBe('409 guest_email_taken email');
    });
  });
});
