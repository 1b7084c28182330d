import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemo } from '../../src/demo/load-demo.js';
import { demoInvitationToken } from '../../src/demo/demo-guests.js';
import { recordScans } from '../../src/modules/access/index.js';
import { checkCredential } from '../../src/modules/accreditation/index.js';
import { registrationOf } from '../../src/modules/people/people.store.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { sha256 } from '../../src/platform/auth/principal.js';
import { databases, login, startTestApp, type TestApp } from '../support/harness.js';
import { snapshotDb } from '../support/fixtures.js';

interface Registration {
  identity: { type: string; expiry: string };
  arrival: { mode: string; at: string };
  departure: { at: string };
  dietary: { kind: string };
  languages: string[];
}

const SCALE = { guests: 200, volunteers: 20, exhibitors: 10, seed: 42 };

describe.each(databases())('demo guest list and badges on %s', (kind) => {
  let app: TestApp;
  let eventId: number;

  beforeAll(async () => {
    app = await startTestApp(kind);
    const loaded = await loadDemo(app.deps, SCALE);
    if (!loaded.ok) throw new Error(loaded.code);
    eventId = loaded.value.eventId;
  });
  afterAll(async () => app?.dispose());

  const guests = () => app.deps.db.selectFrom('guests').selectAll().where('event_id', '=', eventId).orderBy('id').execute();
  const credentials = () => app.deps.db.selectFrom('credentials').selectAll().where('event_id', '=', eventId).orderBy('id').execute();

  it('lists every generated guest, volunteer and exhibitor contact once, plus the demo guest, each linked to its account; guests in every status', async () => {
    const list = await guests();
    expect(list).toHaveLength(SCALE.guests + SCALE.volunteers + SCALE.exhibitors + 1);
    const users = new Map((await app.deps.db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email, u.id]));
    for (const g of list) expect(g.user_id).toBe(users.get(g.email!));
    const categories = new Map((await app.deps.db.selectFrom('categories').select(['id', 'code']).execute()).map((c) => [c.id, c.code]));
    const staff = list.filter((g) => ['volunteer', 'exhibitor'].includes(categories.get(g.category_id!)!));
    expect(staff).toHaveLength(SCALE.volunteers + SCALE.exhibitors);
    // volunteers and exhibitor contacts are accredited by the organisers: approved, no review
    expect(new Set(staff.map((g) => g.status))).toEqual(new Set(['approved']));
    const invitees = list.filter((g) => !staff.includes(g) && g.email !== 'guest@wic2017.example.org');
    const byStatus: Record<string, number> = {};
    for (const g of invitees) byStatus[g.status] = (byStatus[g.status] ?? 0) + 1;
    expect(Object.keys(byStatus).sort()).toEqual(['approved', 'changes_requested', 'invited', 'registered', 'rejected']);
    expect(byStatus['approved']! / invitees.length).toBeGreaterThan(0.78);
    expect(byStatus['approved']! / invitees.length).toBeLessThan(0.92);
    // invited guests have not registered; everyone else has a registration with the data-processing consent
    for (const g of list) {
      if (g.status === 'invited') {
        expect([g.registration, g.consents, g.registered_at]).toEqual([null, null, null]);
      } else {
        // the shape the registration form stores (people's RegistrationDetails and Consents)
        const reg = JSON.parse(g.registration!) as Registration;
        expect(
          Object.keys(reg)
            .filter((k) => k !== 'accessibility')
            .sort(),
        ).toEqual(['arrival', 'departure', 'dietary', 'hotel', 'identity', 'languages']);
        expect(['passport', 'id_card']).toContain(reg.identity.type);
        expect(reg.identity.expiry).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(['flight', 'train']).toContain(reg.arrival.mode);
        expect(reg.arrival.at.slice(0, 10) >= '2017-12-02' && reg.departure.at.slice(0, 10) <= '2017-12-06').toBe(true);
        expect(['none', 'vegetarian', 'vegan', 'halal', 'kosher', 'other']).toContain(reg.dietary.kind);
        expect(reg.languages.length).toBeGreaterThan(0);
        const consents = JSON.parse(g.consents!) as Record<string, { given: boolean; at: string; by: null }>;
        expect(Object.keys(consents).sort()).toEqual(['dataProcessing', 'faceRecognition', 'photography']);
        expect(consents['dataProcessing']).toEqual({ given: true, at: g.registered_at, by: null });
      }
      expect(['zh', 'en']).toContain(g.language);
      expect(g.invite_hash).toBe(sha256(demoInvitationToken(app.deps.secret, eventId, g.email!)));
    }
    const rejected = list.filter((g) => g.status === 'rejected' || g.status === 'changes_requested');
    expect(rejected.every((g) => g.review_note && g.reviewed_at)).toBe(true);
  });

  it('gives each delegation exactly one head, and each category its code', async () => {
    const list = await guests();
    const delegated = list.filter((g) => g.delegation_id !== null);
    expect(delegated.length).toBeGreaterThan(0);
    const heads = new Map<number, number>();
    for (const g of delegated) heads.set(g.delegation_id!, (heads.get(g.delegation_id!) ?? 0) + g.delegation_head);
    expect([...heads.values()].every((n) => n === 1)).toBe(true);
    const codes = await app.deps.db.selectFrom('delegations').select(['code', 'name_zh']).where('event_id', '=', eventId).execute();
    expect(codes.every((d) => /^DEL-[A-Z]{2}$/.test(d.code) && d.name_zh.endsWith('代表团'))).toBe(true);
    const categories = new Map((await app.deps.db.selectFrom('categories').select(['id', 'code']).execute()).map((c) => [c.id, c.code]));
    const used = new Set(list.map((g) => categories.get(g.category_id!)));
    expect([...used].sort()).toEqual(['exhibitor', 'guest', 'international_org', 'media', 'speaker', 'vip', 'volunteer']);
  });

  it('badges every approved guest with a credential that verifies against the event key; reprints and lost badges are revoked', async () => {
    const list = await guests();
    const creds = await credentials();
    const approved = new Set(list.filter((g) => g.status === 'approved').map((g) => g.id));
    const current = creds.filter((c) => c.revoked_at === null);
    const byReason = (r: string) => creds.filter((c) => c.revoke_reason === r);
    expect(byReason('reprint')).toHaveLength(12);
    expect(byReason('lost')).toHaveLength(5);
    expect(current).toHaveLength(approved.size - 5);
    expect(creds.every((c) => approved.has(c.guest_id))).toBe(true);
    // one current credential per guest at most; a reprinted guest holds the revoked one and its replacement
    expect(new Set(current.map((c) => c.guest_id)).size).toBe(current.length);
    for (const c of byReason('reprint')) expect(current.some((n) => n.guest_id === c.guest_id && n.issued_at >= c.revoked_at!)).toBe(true);
    for (const c of byReason('lost')) expect(current.some((n) => n.guest_id === c.guest_id)).toBe(false);
    const categoryOf = new Map(list.map((g) => [g.id, g.category_id]));
    for (const c of creds) {
      const checked = await checkCredential(app.deps, eventId, c.payload);
      expect(checked).toMatchObject({
        ok: true,
        claims: { credentialId: c.id, guestId: c.guest_id, categoryId: categoryOf.get(c.guest_id), eventId },
      });
      if (checked.ok)
        expect([checked.claims.issuedAt, checked.claims.expiresAt].map((t) => new Date(t * 1000).toISOString())).toEqual([
          c.issued_at,
          c.expires_at,
        ]);
    }
  });

  it('lets the desk and gate staff log in, and gives the demo guest an approved record with a current badge', async () => {
    for (const email of ['desk@wic2017.example.org', 'gate@wic2017.example.org']) {
      const account = DEMO_ACCOUNTS.find((a) => a.email === email)!;
      const session = await login(app, email, DEMO_PASSWORD);
      const grants = await app.deps.db
        .selectFrom('role_grants')
        .select(['role', 'event_id'])
        .where('user_id', '=', session.userId)
        .execute();
      expect(grants).toEqual([{ role: account.role, event_id: eventId }]);
    }
    const guest = await app.deps.db
      .selectFrom('guests')
      .innerJoin('categories', 'categories.id', 'guests.category_id')
      .select(['guests.id', 'guests.status', 'categories.code'])
      .where('guests.email', '=', 'guest@wic2017.example.org')
      .executeTakeFirstOrThrow();
    expect([guest.status, guest.code]).toEqual(['approved', 'guest']);
    const badge = (await credentials()).filter((c) => c.guest_id === guest.id && c.revoked_at === null);
    expect(badge).toHaveLength(1);
    expect((await checkCredential(app.deps, eventId, badge[0]!.payload)).ok).toBe(true);
  });

  it('invites approved VIP and international-organisation guests to the closed-door session F15', async () => {
    const invited = await app.deps.db
      .selectFrom('session_invitations')
      .innerJoin('sessions', 'sessions.id', 'session_invitations.session_id')
      .innerJoin('guests', 'guests.user_id', 'session_invitations.user_id')
      .innerJoin('categories', 'categories.id', 'guests.category_id')
      .select(['sessions.code', 'guests.status', 'categories.code as category'])
      .execute();
    expect(invited.length).toBeGreaterThan(0);
    for (const i of invited) {
      expect(i.code).toBe('F15');
      expect(i.status).toBe('approved');
      expect(['vip', 'international_org']).toContain(i.category);
    }
  });

  it('opens the gates as the demo promises: invitees into F15, others not; lost and replaced badges refused; the demo guest into the main hall', async () => {
    const db = app.deps.db;
    const badges = await db
      .selectFrom('credentials')
      .innerJoin('guests', 'guests.id', 'credentials.guest_id')
      .innerJoin('categories', 'categories.id', 'guests.category_id')
      .select(['credentials.payload', 'credentials.revoke_reason', 'guests.user_id', 'guests.email', 'categories.code'])
      .where('credentials.event_id', '=', eventId)
      .execute();
    const f15 = await db.selectFrom('sessions').select(['id', 'starts_at']).where('code', '=', 'F15').executeTakeFirstOrThrow();
    const invited = new Set(
      (await db.selectFrom('session_invitations').select('user_id').where('session_id', '=', f15.id).execute()).map((i) => i.user_id),
    );
    const current = badges.filter((b) => b.revoke_reason === null);
    const vipInvited = current.find((b) => invited.has(b.user_id!))!;
    const vipNot = current.find((b) => b.code === 'vip' && !invited.has(b.user_id!));
    const during = new Date(Date.parse(f15.starts_at) + 10 * 60_000).toISOString();
    let n = 0;
    const scan = async (credential: string, gate: string, at: string) => {
      const r = await recordScans(app.deps, SYSTEM, eventId, [
        { credential, gate, direction: 'entry', nonce: `demo-test-${kind}-${n++}`, scannedAt: at },
      ]);
      if (!r.ok) throw new Error(r.code);
      return [r.value[0]!.verdict, r.value[0]!.code];
    };
    expect(await scan(vipInvited.payload, 'CLOSED-1', during)).toEqual(['admit', 'admitted']);
    if (vipNot) expect(await scan(vipNot.payload, 'CLOSED-1', during)).toEqual(['refuse', 'not_invited']);
    const opening = '2017-12-03T00:30:00.000Z'; // 08:30 in Wuzhen
    for (const reason of ['lost', 'reprint'])
      expect(await scan(badges.find((b) => b.revoke_reason === reason)!.payload, 'MAIN-1', opening)).toEqual(['refuse', 'revoked']);
    const demoGuest = current.find((b) => b.email === 'guest@wic2017.example.org')!;
    expect(await scan(demoGuest.payload, 'MAIN-1', opening)).toEqual(['admit', 'admitted']);
    expect(await scan(demoGuest.payload, 'VIP-1', opening)).toEqual(['refuse', 'wrong_zone']);
  });

  it('adds nothing when loaded again', async () => {
    const before = await snapshotDb(app);
    const again = await loadDemo(app.deps, SCALE);
    expect(again.ok && again.value.added).toBe(0);
    const after = await snapshotDb(app);
    // every run records that the demo was loaded (audit_log); nothing else changes
    const { audit_log: _a, ...afterCounts } = after.counts;
    const { audit_log: _b, ...beforeCounts } = before.counts;
    expect(afterCounts).toEqual(beforeCounts);
    expect(after.hashes['guests']).toBe(before.hashes['guests']);
    expect(after.hashes['credentials']).toBe(before.hashes['credentials']);
  });

  it('gives the same guest list for the same seed on a fresh database', async () => {
    const other = await startTestApp(kind);
    try {
      const loaded = await loadDemo(other.deps, SCALE);
      if (!loaded.ok) throw new Error(loaded.code);
      // the registrations as read: each installation seals identity numbers under its own secret, with a fresh IV
      const shape = async (a: TestApp) =>
        (
          await a.deps.db
            .selectFrom('guests')
            .select(['email', 'status', 'registration', 'vehicle', 'consents', 'delegation_head', 'review_note', 'reviewed_at'])
            .orderBy('email')
            .execute()
        ).map((g) => ({ ...g, registration: registrationOf(g, a.deps.secret) }));
      expect(await shape(other)).toEqual(await shape(app));
      const revoked = async (a: TestApp) =>
        await a.deps.db
          .selectFrom('credentials')
          .innerJoin('guests', 'guests.id', 'credentials.guest_id')
          .select(['guests.email', 'credentials.revoke_reason', 'credentials.issued_at'])
          .orderBy('guests.email')
          .orderBy('credentials.issued_at')
          .execute();
      expect(await revoked(other)).toEqual(await revoked(app));
    } finally {
      await other.dispose();
    }
  });
});
