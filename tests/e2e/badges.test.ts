import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { checkCredential, issueCredential } from '../../src/modules/accreditation/index.js';
import { badgeFonts } from '../../src/modules/accreditation/badge-fonts.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { type CliRun, runHuiwu } from '../support/cli.js';
import { expectStatus, loadDemoEvent, refusalOf, type DemoIds } from '../support/fixtures.js';
import { decodePdfQr, decodeQr, poppler } from '../support/qr.js';

/**
 * Badges as a printer and a gate see them: the PDF's page size, fonts and text layer read by poppler, and its QR
 * codes rasterised by pdftoppm and decoded by zxing-wasm, then verified against the event's key.
 */

const EV = '/api/v1/events/wic2017';
const hasPoppler = inject('poppler');

interface Person {
  name: string;
  latin: string;
  category: string;
  organisation?: string;
}
const PEOPLE: Person[] = [
  { name: '王小明', latin: 'Wang Xiaoming', category: 'vip', organisation: '中国互联网络信息中心' },
  { name: 'Anna Schmidt', latin: 'Anna Schmidt', category: 'speaker', organisation: 'Fraunhofer FOKUS' },
  { name: 'Иван Петров', latin: 'Ivan Petrov', category: 'media', organisation: 'ТАСС' },
  { name: '佐藤 さくら', latin: 'Sato Sakura', category: 'guest', organisation: 'NTT' },
  { name: 'محمد حداد', latin: 'Mohammed Haddad', category: 'international_org', organisation: 'ITU' },
  { name: '김민준', latin: 'Kim Minjun', category: 'exhibitor', organisation: 'Samsung' },
];
const CATEGORIES = ['vip', 'international_org', 'speaker', 'guest', 'media', 'exhibitor', 'staff', 'volunteer', 'driver'];

const current = (app: TestApp, guestId: number) =>
  app.deps.db.selectFrom('credentials').selectAll().where('guest_id', '=', guestId).where('revoked_at', 'is', null).executeTakeFirst();

function pageSize(pdf: Buffer): { pages: number; size: string } {
  const info = poppler('pdfinfo', pdf);
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)![1]), size: /^Page size:\s+([\d.]+ x [\d.]+ pts)/m.exec(info)![1]! };
}

/** A6, 105 × 148 mm, in PostScript points as pdfinfo prints them */
const A6 = '297.638 x 419.528 pts';

/** Runs `huiwu` from source as a user would, and answers its exit code and output. */
const huiwu = (args: string[], env: Record<string, string>): Promise<CliRun> => runHuiwu(args, undefined, env);

describe.each(databases())('badges (%s)', (kind) => {
  let app: TestApp;
  let demo: DemoIds;
  let organiser: Session;
  const categoryId: Record<string, number> = {};
  /** the six named guests, approved and issued, in PEOPLE's order */
  const named: number[] = [];
  let photoGuest: number;

  async function addGuest(p: Person, status = 'approved', extra: { user_id?: number; photo_key?: string } = {}): Promise<number> {
    const now = new Date().toISOString();
    const row = await app.deps.db
      .insertInto('guests')
      .values({
        event_id: demo.eventId,
        name: p.name,
        name_latin: p.latin,
        sort_key: p.latin.toLowerCase(),
        organisation: p.organisation ?? null,
        language: 'en',
        status,
        category_id: categoryId[p.category] ?? null,
        created_at: now,
        updated_at: now,
        ...extra,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  async function issue(guestId: number): Promise<string> {
    const res = await issueCredential(app.deps, SYSTEM, demo.eventId, guestId);
    if (!res.ok) throw new Error(res.code);
    return res.value.payload;
  }
  async function badgePdf(guestId: number): Promise<Buffer> {
    const res = await call(app, organiser, 'GET', `${EV}/guests/${guestId}/badge.pdf`);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return res.rawPayload;
  }

  beforeAll(async () => {
    app = await startTestApp(kind);
    demo = await loadDemoEvent(app);
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    for (const c of await app.deps.db.selectFrom('categories').select(['id', 'code']).where('event_id', '=', demo.eventId).execute()) categoryId[c.code] = c.id;
    for (const p of PEOPLE) {
      const id = await addGuest(p);
      await issue(id);
      named.push(id);
    }
    // a guest with a registration photo in the file store, as people's upload leaves it
    const photo = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#3366aa' } }).jpeg().toBuffer();
    writeFileSync(join(app.deps.config.filesDir, 'guest-photo-test.jpg'), photo);
    photoGuest = await addGuest({ name: '李华', latin: 'Li Hua', category: 'speaker' }, 'approved', { photo_key: 'guest-photo-test.jpg' });
    await issue(photoGuest);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  describe.runIf(hasPoppler)('one badge', () => {
    it('is one A6 page whose QR code reads as the current credential, which verifies with the event key', async () => {
      const pdf = await badgePdf(named[0]!);
      expect(pageSize(pdf)).toEqual({ pages: 1, size: A6 });
      const cred = await current(app, named[0]!);
      const [texts] = await decodePdfQr(pdf);
      expect(texts).toEqual([cred!.payload]);
      const checked = await checkCredential(app.deps, demo.eventId, texts![0]!);
      expect(checked).toMatchObject({ ok: true, claims: { guestId: named[0], credentialId: cred!.id, categoryId: categoryId.vip } });
    });

    it('embeds a Noto Sans SC subset and carries the Chinese name, Latin name, category and zones in its text', async () => {
      const pdf = await badgePdf(named[0]!);
      const fonts = poppler('pdffonts', pdf);
      expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Bold\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
      expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
      // a subset: the whole font is 10 MB, a badge a small fraction of it
      expect(pdf.length).toBeLessThan(400_000);
      const text = poppler('pdftotext', pdf, ['-layout']);
      for (const s of ['王小明', 'Wang Xiaoming', '中国互联网络信息中心', '第四届世界互联网大会', 'VIP']) expect(text).toContain(s);
      // the VIP category opens the VIP lounge: its zone code is printed
      const zones = await app.deps.db
        .selectFrom('category_zones as cz')
        .innerJoin('zones as z', 'z.id', 'cz.zone_id')
        .select('z.code')
        .where('cz.category_id', '=', categoryId.vip!)
        .execute();
      expect(zones.map((z) => z.code)).toContain('VIP');
      for (const z of zones) expect(text).toMatch(new RegExp(`\\b${z.code}\\b`));
    });

    it('writes Cyrillic and Japanese names in their own script', async () => {
      expect(poppler('pdftotext', await badgePdf(named[2]!))).toContain('Иван Петров');
      expect(poppler('pdftotext', await badgePdf(named[3]!))).toContain('佐藤 さくら');
    });

    it('writes Arabic and Korean names in their own script with the fonts shipped for them, and the Latin name beside', async () => {
      expect(badgeFonts().extra.length).toBe(4);
      const arabic = poppler('pdftotext', await badgePdf(named[4]!));
      const korean = poppler('pdftotext', await badgePdf(named[5]!));
      expect(arabic).toContain('Mohammed Haddad');
      expect(korean).toContain('Kim Minjun');
      expect(arabic).toMatch(/محمد/);
      expect(korean).toContain('김민준');
      expect(poppler('pdffonts', await badgePdf(named[4]!))).toMatch(/NotoSansArabic/);
    });

    it("puts the guest's registration photo on the badge", async () => {
      const pdf = await badgePdf(photoGuest);
      const [page] = (await import('../support/qr.js')).rasterisePdf(pdf, 72);
      // the photo box (16 pt from the left, 54 pt from the top, 76 × 96 pt) is filled with the photo's blue
      const { data, info } = await sharp(page!).raw().toBuffer({ resolveWithObject: true });
      const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
      // JPEG may move a channel by a step or two
      const [r, g, b] = at(50, 100) as [number, number, number];
      expect([Math.abs(r - 0x33), Math.abs(g - 0x66), Math.abs(b - 0xaa)].every((d) => d <= 3)).toBe(true);
      expect(poppler('pdftotext', pdf)).not.toContain('Photo');
      expect(poppler('pdftotext', await badgePdf(named[1]!))).toContain('Photo');
    });

    it('records the first print on the credential and keeps it on a second print', async () => {
      await app.deps.db.updateTable('credentials').set({ printed_at: null }).where('guest_id', '=', named[5]!).execute();
      await badgePdf(named[5]!);
      const before = await current(app, named[5]!);
      expect(before!.printed_at).not.toBeNull();
      await badgePdf(named[5]!);
      expect((await current(app, named[5]!))!.printed_at).toBe(before!.printed_at);
    });
  });

  it('refuses the badge of a guest without a current credential with 409 and of an unknown guest with 404', async () => {
    const pending = await addGuest({ name: '待审', latin: 'Dai Shen', category: 'guest' }, 'registered');
    expect(refusalOf(await call(app, organiser, 'GET', `${EV}/guests/${pending}/badge.pdf`))).toBe('409 no_current_badge id');
    expect(refusalOf(await call(app, organiser, 'GET', `${EV}/guests/999999/badge.pdf`))).toBe('404 not_found id');
  });

  it('reprint issues a new payload, revokes the old credential and the badge then carries the new one', async () => {
    const id = named[2]!;
    const old = await current(app, id);
    const res = await call(app, organiser, 'POST', `${EV}/guests/${id}/badge/reprint`);
    expectStatus(res, 201);
    const fresh = res.json<{ credentialId: number; payload: string; replaced: number }>();
    expect(fresh.payload).not.toBe(old!.payload);
    expect(fresh.replaced).toBe(old!.id);
    const oldRow = await app.deps.db.selectFrom('credentials').selectAll().where('id', '=', old!.id).executeTakeFirstOrThrow();
    expect(oldRow.revoked_at).not.toBeNull();
    expect(oldRow.revoke_reason).toBe('reprint');
    expect((await current(app, id))!.payload).toBe(fresh.payload);
    expect(await checkCredential(app.deps, demo.eventId, fresh.payload)).toMatchObject({ ok: true, claims: { credentialId: fresh.credentialId } });
    if (hasPoppler) expect((await decodePdfQr(await badgePdf(id)))[0]).toEqual([fresh.payload]);
  });

  it('refuses to reprint for a guest who is not approved, naming id', async () => {
    const pending = await addGuest({ name: '未审', latin: 'Wei Shen', category: 'guest' }, 'registered');
    expect(refusalOf(await call(app, organiser, 'POST', `${EV}/guests/${pending}/badge/reprint`))).toBe('409 guest_not_approved id');
  });

  it('issue-missing issues for approved guests with a category and no credential, and for nobody else', async () => {
    const approved = [await addGuest({ name: '张三', latin: 'Zhang San', category: 'staff' }), await addGuest({ name: '李四', latin: 'Li Si', category: 'driver' })];
    const noCategory = await addGuest({ name: '无类', latin: 'Wu Lei', category: 'none' });
    const registered = await addGuest({ name: '赵六', latin: 'Zhao Liu', category: 'guest' }, 'registered');
    const res = await call(app, organiser, 'POST', `${EV}/credentials/issue-missing`);
    expectStatus(res, 200);
    expect(res.json()).toEqual({ issued: 2, guestIds: approved });
    for (const id of approved) expect(await current(app, id)).toBeDefined();
    for (const id of [noCategory, registered]) expect(await current(app, id)).toBeUndefined();
    const again = await call(app, organiser, 'POST', `${EV}/credentials/issue-missing`);
    expect(again.json()).toEqual({ issued: 0, guestIds: [] });
  });

  it('counts approved guests, badges issued, printed and collected', async () => {
    const res = await call(app, organiser, 'GET', `${EV}/badges`);
    expectStatus(res, 200);
    const body = res.json<{ counts: Record<string, number>; guests: Array<{ guestId: number; credentialId: number | null; printedAt: string | null }> }>();
    const db = app.deps.db;
    const approved = await db.selectFrom('guests').select('id').where('event_id', '=', demo.eventId).where('status', '=', 'approved').where('category_id', 'is not', null).execute();
    const issued = await db.selectFrom('credentials').select('id').where('event_id', '=', demo.eventId).where('revoked_at', 'is', null).execute();
    const printed = await db.selectFrom('credentials').select('id').where('event_id', '=', demo.eventId).where('revoked_at', 'is', null).where('printed_at', 'is not', null).execute();
    expect(body.counts).toEqual({ approved: approved.length, withBadge: issued.length, printed: printed.length, collected: 0 });
    expect(body.guests.map((g) => g.guestId).sort((a, b) => a - b)).toEqual(approved.map((g) => g.id).sort((a, b) => a - b));
  });

  describe.runIf(hasPoppler)('batch', () => {
    it('prints 30 badges of one category into one 30-page PDF, with progress reaching the total and every print recorded', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 30; i++) ids.push(await addGuest({ name: `志愿者${i}`, latin: `Volunteer ${String(i).padStart(2, '0')}`, category: 'volunteer' }));
      const issued = await call(app, organiser, 'POST', `${EV}/credentials/issue-missing`);
      expect(issued.json<{ issued: number }>().issued).toBe(30);
      const start = await call(app, organiser, 'POST', `${EV}/badge-batches`, { category: 'volunteer' });
      expectStatus(start, 202);
      const { id, total } = start.json<{ id: string; total: number }>();
      expect(total).toBe(30);
      let state = { status: 'running', done: 0, total: 0 };
      const seen: number[] = [];
      while (state.status === 'running') {
        state = (await call(app, organiser, 'GET', `${EV}/badge-batches/${id}`)).json();
        seen.push(state.done);
        if (state.status === 'running') await new Promise((r) => setTimeout(r, 20));
      }
      expect(state).toEqual({ id, status: 'done', done: 30, total: 30 });
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      const file = await call(app, organiser, 'GET', `${EV}/badge-batches/${id}/file`);
      expectStatus(file, 200);
      const pdf = file.rawPayload;
      expect(pageSize(pdf)).toEqual({ pages: 30, size: A6 });
      // badges come sorted by Latin name (Volunteer 00 … 29): every page's QR is that guest's current credential
      const payloads = await Promise.all(ids.map(async (g) => (await current(app, g))!.payload));
      expect(await decodePdfQr(pdf)).toEqual(payloads.map((p) => [p]));
      const unprinted = await app.deps.db.selectFrom('credentials').select('id').where('guest_id', 'in', ids).where('revoked_at', 'is', null).where('printed_at', 'is', null).execute();
      expect(unprinted).toEqual([]);
      // nothing left unprinted in the category: a batch of the unprinted ones has nothing to print
      expect(refusalOf(await call(app, organiser, 'POST', `${EV}/badge-batches`, { category: 'volunteer', status: 'unprinted' }))).toBe('409 no_badges category');
    });

    it('refuses the file of a batch that does not exist with 404', async () => {
      expect(refusalOf(await call(app, organiser, 'GET', `${EV}/badge-batches/AAAAAAAAAAAA`))).toBe('404 not_found id');
      expect(refusalOf(await call(app, organiser, 'GET', `${EV}/badge-batches/AAAAAAAAAAAA/file`))).toBe('404 not_found id');
    });
  });

  describe.runIf(hasPoppler)('huiwu badges', () => {
    it('writes every current badge of the event into the file and closes with the count and time', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'huiwu-badges-'));
      try {
        const out = join(dir, 'badges.pdf');
        const target = app.deps.config.database;
        // the CLI reaches the same database as the app: the SQLite file, or the app's PostgreSQL schema
        const dbUrl = target.kind === 'sqlite' ? target.file : `${target.url}?options=${encodeURIComponent(`-c search_path=${target.schema}`)}`;
        const expected = (await call(app, organiser, 'GET', `${EV}/badges`)).json<{ counts: { withBadge: number } }>().counts.withBadge;
        const run = await huiwu(['badges', '--event', 'wic2017', '--out', out], { HUIWU_DATABASE_URL: dbUrl, HUIWU_FILES_DIR: app.deps.config.filesDir, HUIWU_DATA_DIR: dir });
        expect(run.stderr).toContain(`badges ${'█'.repeat(30)} ${expected}/${expected}`);
        expect(run.stdout).toMatch(new RegExp(`^${expected} badges written to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} in \\d+\\.\\d s\\n$`));
        expect(run.code).toBe(0);
        expect(pageSize(readFileSync(out)).pages).toBe(expected);
        const vip = await huiwu(['badges', '--event', 'wic2017', '--out', out, '--category', 'vip'], { HUIWU_DATABASE_URL: dbUrl, HUIWU_FILES_DIR: app.deps.config.filesDir, HUIWU_DATA_DIR: dir });
        expect(vip.code).toBe(0);
        const pdf = readFileSync(out);
        expect(pageSize(pdf).pages).toBe(1);
        expect(await decodePdfQr(pdf)).toEqual([[(await current(app, named[0]!))!.payload]]);
        const unknown = await huiwu(['badges', '--event', 'no-such-event', '--out', out], { HUIWU_DATABASE_URL: dbUrl, HUIWU_DATA_DIR: dir });
        expect([unknown.code, unknown.stderr]).toEqual([1, 'error: Not found: event. (event)\n']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  });

  describe("the guest's own badge", () => {
    it("answers the demo guest's current credential, whose QR as a PNG decodes to the payload", async () => {
      const guestSession = await login(app, 'guest@wic2017.example.org', DEMO_PASSWORD);
      const row = await app.deps.db.selectFrom('guests').select('id').where('event_id', '=', demo.eventId).where('user_id', '=', guestSession.userId).executeTakeFirstOrThrow();
      const res = await call(app, guestSession, 'GET', `${EV}/my/badge`);
      expectStatus(res, 200);
      const badge = res.json<{ payload: string; category: { color: string }; event: { slug: string } }>();
      expect(badge.payload).toBe((await current(app, row.id))!.payload);
      expect(badge.category.color).toMatch(/^#[0-9a-f]{6}$/i);
      expect(badge.event.slug).toBe('wic2017');
      const png = await QRCode.toBuffer(badge.payload, { errorCorrectionLevel: 'M', scale: 4 });
      const [text] = await decodeQr(png);
      expect(text).toBe(badge.payload);
      expect(await checkCredential(app.deps, demo.eventId, text!)).toMatchObject({ ok: true, claims: { guestId: row.id } });
    });

    it('is 404 no_badge for an attendee until approval and issue, then shows name, category and zones', async () => {
      const account = await call(app, organiser, 'POST', `${EV}/accounts`, { email: 'badge-guest@example.org', displayName: 'Badge Guest', role: 'guest', password: 'badge-guest-pw' });
      expectStatus(account, 201);
      const session = await login(app, 'badge-guest@example.org', 'badge-guest-pw');
      expect(refusalOf(await call(app, session, 'GET', `${EV}/my/badge`))).toBe('404 no_badge -');
      const id = await addGuest({ name: '演示嘉宾', latin: 'Yanshi Jiabin', category: 'guest', organisation: 'Demo Org' }, 'registered', { user_id: session.userId });
      expect(refusalOf(await call(app, session, 'GET', `${EV}/my/badge`))).toBe('404 no_badge -');
      await app.deps.db.updateTable('guests').set({ status: 'approved' }).where('id', '=', id).execute();
      const payload = await issue(id);
      const res = await call(app, session, 'GET', `${EV}/my/badge`);
      expectStatus(res, 200);
      const badge = res.json<{ zones: string[] }>();
      expect(badge).toMatchObject({ payload, name: '演示嘉宾', nameLatin: 'Yanshi Jiabin', organisation: 'Demo Org', category: { code: 'guest', name: { en: expect.any(String) } } });
      expect(badge.zones).toContain('MAIN');
    });
  });

  it('knows every demo category', () => {
    expect(Object.keys(categoryId).sort()).toEqual([...CATEGORIES].sort());
  });
});
