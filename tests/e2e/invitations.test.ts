import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { sha256 } from '../../src/platform/auth/principal.js';
import { decodeQr } from '../support/qr.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { errorOf, expectStatus, loadDemoEvent, refusalOf, snapshotDb } from '../support/fixtures.js';

const EV = '/api/v1/events/wic2017';
const ZH_HEADER = '姓名,拉丁姓名,单位,国家,代表团,类别,语言,邮箱,电话,职务';
const EN_HEADER = 'Name,Name (Latin),Organization,Country,Delegation,Category,Language,E-mail,Phone,Title';

interface Row {
  line: number;
  values: Record<string, string>;
  errors: Array<{ field: string; code: string; message: string }>;
}
interface Parsed {
  format: string;
  encoding: string | null;
  columns: Record<string, string>;
  ignoredColumns: string[];
  rows: Row[];
  valid: number;
  invalid: number;
}

/** A multipart/form-data body with one file part, as a browser's FormData sends it. */
function form(bytes: Buffer, fileName = 'invitees.csv', field = 'file') {
  const b = `----huiwu${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

function upload(app: TestApp, s: Session, bytes: Buffer, language = 'en', fileName?: string) {
  const { payload, headers } = form(bytes, fileName);
  return app.app.inject({
    method: 'POST',
    url: `${EV}/invitations/parse`,
    payload,
    headers: { ...headers, cookie: s.cookie, 'x-csrf-token': s.csrf, 'accept-language': language },
  });
}

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
const errorsOf = (row: Row | undefined) => Object.fromEntries((row?.errors ?? []).map((e) => [e.field, e.code]));

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('嘉宾');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Decodes a quoted-printable body, as a mail client would. */
const unQp = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');

describe.each(databases())('invitations (%s)', (kind) => {
  let app: TestApp;
  let organiser: Session;

  beforeAll(async () => {
    app = await startTestApp(kind, { HUIWU_PUBLIC_URL: 'https://huiwu.example.org' });
    await loadDemoEvent(app);
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  describe('reading invitee files', () => {
    it('reads UTF-8 CSV with Chinese headers, filling pinyin, category codes and languages', async () => {
      const res = await upload(
        app,
        organiser,
        Buffer.from(
          csv(
            ZH_HEADER,
            '张三,,清华大学,中国,中国代表团,贵宾,中文,zhang.san@example.cn,+86 138 0000 0000,教授',
            'Ada Lovelace,,Analytical Engines,GB,,Speaker,English,Ada@Example.org,,',
          ),
        ),
      );
      expectStatus(res, 200);
      const body = res.json<Parsed>();
      expect(body).toMatchObject({ format: 'csv', encoding: 'utf-8', valid: 2, invalid: 0 });
      expect(body.columns).toMatchObject({ name: '姓名', name_latin: '拉丁姓名', organisation: '单位', email: '邮箱', category: '类别' });
      expect(body.rows[0]).toEqual({
        line: 2,
        values: {
          name: '张三',
          name_latin: 'Zhang San',
          organisation: '清华大学',
          country: '中国',
          delegation: '中国代表团',
          delegation_head: '',
          category: 'vip',
          language: 'zh',
          email: 'zhang.san@example.cn',
          phone: '+86 138 0000 0000',
          title: '教授',
        },
        errors: [],
      });
      expect(body.rows[1]!.values).toMatchObject({
        name_latin: 'Ada Lovelace',
        category: 'speaker',
        language: 'en',
        email: 'ada@example.org',
      });
    });

    it('reads UTF-8 with a byte-order mark, recognising the first header', async () => {
      const bytes = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(csv(EN_HEADER, 'Grace Hopper,,US Navy,US,,media,en,grace@example.org,,')),
      ]);
      const body = (await upload(app, organiser, bytes)).json<Parsed>();
      expect(body).toMatchObject({ encoding: 'utf-8-bom', valid: 1 });
      expect(body.columns.name).toBe('Name');
      expect(body.rows[0]!.values.name).toBe('Grace Hopper');
    });

    it('reads semicolon-separated CSV with a stray quote inside a name', async () => {
      const body = (
        await upload(app, organiser, Buffer.from(csv('name;organisation;category;email', 'Conan O"Brien;RTE;guest;conan@example.ie')))
      ).json<Parsed>();
      expect(body.rows.map((r) => [r.values.name, r.values.organisation, r.errors])).toEqual([['Conan O"Brien', 'RTE', []]]);
    });

    it('reads GBK CSV as Excel in China saves it', async () => {
      const bytes = iconv.encode(csv(ZH_HEADER, '李四,,浙江大学,中国,,媒体,,li.si@example.cn,,记者'), 'gbk');
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      const body = (await upload(app, organiser, bytes)).json<Parsed>();
      expect(body).toMatchObject({ encoding: 'gb18030', valid: 1 });
      expect(body.rows[0]!.values).toMatchObject({
        name: '李四',
        name_latin: 'Li Si',
        organisation: '浙江大学',
        category: 'media',
        language: 'zh',
        title: '记者',
      });
    });

    it('reads an XLSX workbook, hyperlinked emails and numeric phones included', async () => {
      const bytes = await xlsx([
        ['姓名', '拉丁姓名', '单位', '类别', '邮箱', '电话', '备注'],
        [
          '王五',
          'Wang Wu',
          '中国科学院',
          'international_org',
          { text: 'wang.wu@example.cn', hyperlink: 'mailto:wang.wu@example.cn' },
          13800000001,
          'x',
        ],
      ]);
      const res = await upload(app, organiser, bytes, 'en', 'invitees.xlsx');
      expectStatus(res, 200);
      const body = res.json<Parsed>();
      expect(body).toMatchObject({ format: 'xlsx', encoding: null, valid: 1, ignoredColumns: ['备注'] });
      expect(body.rows[0]!.values).toMatchObject({
        name: '王五',
        name_latin: 'Wang Wu',
        category: 'international_org',
        email: 'wang.wu@example.cn',
        phone: '13800000001',
      });
    });

    it('finds the header below a title row and numbers rows as the spreadsheet does, empty rows included', async () => {
      const book = await xlsx([
        ['WIC 2017 嘉宾名单'],
        ['姓名', '单位', '类别', '邮箱'],
        ['陈一', 'A', '嘉宾', 'chen1@example.cn'],
        [],
        ['陈二', 'B', '嘉宾', 'bad-email'],
      ]);
      const fromXlsx = (await upload(app, organiser, book, 'en', 'list.xlsx')).json<Parsed>();
      expect(fromXlsx.rows.map((r) => [r.line, r.values.name, Object.keys(errorsOf(r))])).toEqual([
        [3, '陈一', []],
        [5, '陈二', ['email']],
      ]);
      const fromCsv = (
        await upload(app, organiser, Buffer.from(csv('姓名,单位,类别,邮箱', '陈一,A,嘉宾,chen1@example.cn', '', '陈二,B,嘉宾,bad-email')))
      ).json<Parsed>();
      expect(fromCsv.rows.map((r) => r.line)).toEqual([2, 4]);
    });

    it('refuses a file without the organisation and email columns, naming both', async () => {
      const res = await upload(app, organiser, Buffer.from(csv('姓名,类别', '张三,贵宾')));
      expect(refusalOf(res)).toBe('400 invitee_columns_missing file');
      expect(errorOf(res).message).toContain('organisation, email');
      const zh = await upload(app, organiser, Buffer.from(csv('姓名,类别', '张三,贵宾')), 'zh-CN');
      expect(errorOf(zh).message).toBe('文件缺少必填列：organisation, email。');
    });

    it('refuses binary garbage and a zip that is no workbook, and an empty file', async () => {
      const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151) % 256));
      expect(refusalOf(await upload(app, organiser, garbage))).toBe('400 invitee_file_unreadable file');
      expect(refusalOf(await upload(app, organiser, Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(200)]), 'en', 'a.xlsx'))).toBe(
        '400 invitee_file_unreadable file',
      );
      expect(refusalOf(await upload(app, organiser, Buffer.alloc(0)))).toBe('400 file_empty file');
      expect(refusalOf(await upload(app, organiser, Buffer.from(csv(ZH_HEADER))))).toBe('400 invitee_file_no_rows file');
    });

    it('reads a delegation head column, refusing an unclear flag and a head without a delegation', async () => {
      const file = Buffer.from(
        csv(
          '姓名,单位,类别,邮箱,代表团,团长',
          '冯一,A,嘉宾,feng1@example.cn,浙江代表团,是',
          '冯二,A,嘉宾,feng2@example.cn,浙江代表团,也许',
          '冯三,A,嘉宾,feng3@example.cn,,yes',
        ),
      );
      const body = (await upload(app, organiser, file)).json<Parsed>();
      expect(body.columns.delegation_head).toBe('团长');
      expect(body.rows.map((r) => r.values.delegation_head)).toEqual(['yes', '也许', 'yes']);
      expect(body.rows.map(errorsOf)).toEqual([{}, { delegation_head: 'invalid_flag' }, { delegation_head: 'head_without_delegation' }]);
    });

    it('marks a bad email, an unknown category, a missing name and an unknown language on their cells, in the caller language', async () => {
      const file = Buffer.from(
        csv(
          ZH_HEADER,
          '赵六,,A,,,贵宾,,not-an-email,,',
          '孙七,,B,,,宇航员,,sun@example.cn,,',
          ',,C,,,嘉宾,,nobody@example.cn,,',
          'Eve,,D,,,guest,klingon,eve@example.org,,',
        ),
      );
      const body = (await upload(app, organiser, file, 'zh-CN')).json<Parsed>();
      expect(body).toMatchObject({ valid: 0, invalid: 4 });
      expect(body.rows.map(errorsOf)).toEqual([
        { email: 'invalid_email' },
        { category: 'unknown_category' },
        { name: 'missing_name' },
        { language: 'unknown_language' },
      ]);
      expect(body.rows[1]!.errors[0]!.message).toBe('本活动没有名为"宇航员"的类别。');
    });
  });

  describe('importing', () => {
    const people = [
      {
        name: '周八',
        organisation: '复旦大学',
        category: '嘉宾',
        email: 'zhou.ba@example.cn',
        delegation: '上海代表团',
        delegation_head: '是',
        country: 'CN',
      },
      {
        name: 'Tim Berners-Lee',
        organisation: 'W3C',
        category: 'Speaker',
        email: 'timbl@example.org',
        language: 'en',
        delegation: 'W3C delegation',
      },
      { name: '吴九', organisation: '复旦大学', category: 'guest', phone: '+86 139 0000 0000', delegation: '上海代表团' },
    ];
    let importedIds: number[] = [];

    it('refuses an all-or-nothing import with one bad row with 422, listing it, and writes nothing', async () => {
      const before = await snapshotDb(app);
      const res = await call(app, organiser, 'POST', `${EV}/invitations/import`, {
        mode: 'all_or_nothing',
        rows: [...people, { name: 'Bad', organisation: 'X', category: 'astronaut', email: 'bad@example.org', line: 9 }],
      });
      expectStatus(res, 422);
      const body = res.json<{ error: { code: string; field: string }; rows: Row[] }>();
      expect(body.error).toMatchObject({ code: 'invitee_rows_invalid', field: 'rows' });
      expect(body.rows.map((r) => [r.line, errorsOf(r)])).toEqual([[9, { category: 'unknown_category' }]]);
      expect(await snapshotDb(app)).toEqual(before);
    });

    it('imports exactly the valid rows, creating delegations once by name, and reports the rest', async () => {
      const res = await call(app, organiser, 'POST', `${EV}/invitations/import`, {
        mode: 'valid_rows',
        rows: [
          ...people,
          { name: 'Dup', organisation: 'Y', category: 'guest', email: 'TIMBL@example.org' },
          { name: 'No contact', organisation: 'Z', category: 'guest' },
        ],
      });
      expectStatus(res, 201);
      const report = res.json<{
        imported: number;
        guestIds: number[];
        delegationsCreated: Array<{ code: string; name: string }>;
        rejected: Row[];
      }>();
      expect(report.imported).toBe(3);
      expect(report.delegationsCreated.map((d) => [d.code, d.name])).toEqual([
        ['shanghaidaibiaotuan', '上海代表团'],
        ['w3c-delegation', 'W3C delegation'],
      ]);
      expect(report.rejected.map((r) => [r.line, errorsOf(r)])).toEqual([
        [5, { email: 'duplicate_in_file' }],
        [6, { email: 'missing_contact' }],
      ]);
      importedIds = report.guestIds;
      const guests = await app.deps.db.selectFrom('guests').selectAll().where('id', 'in', importedIds).orderBy('id').execute();
      expect(guests.map((g) => [g.name, g.name_latin, g.status, g.language, g.email, g.invite_hash])).toEqual([
        ['周八', 'Zhou Ba', 'invited', 'zh', 'zhou.ba@example.cn', null],
        ['Tim Berners-Lee', 'Tim Berners-Lee', 'invited', 'en', 'timbl@example.org', null],
        ['吴九', 'Wu Jiu', 'invited', 'zh', null, null],
      ]);
      expect(guests[0]!.delegation_id).toBe(guests[2]!.delegation_id);
      expect(guests.map((g) => g.delegation_head)).toEqual([1, 0, 0]);
      const audit = await app.deps.db.selectFrom('audit_log').select('payload').where('type', '=', 'guest.imported').execute();
      expect(audit.map((a) => JSON.parse(a.payload).guestId).sort()).toEqual([...importedIds].sort());
    });

    it('marks people already invited as duplicates, by email and by Latin name with organisation', async () => {
      const body = (
        await upload(
          app,
          organiser,
          Buffer.from(csv(ZH_HEADER, '周八二,,某单位,,,嘉宾,,zhou.ba@example.cn,,', '吴九,,复旦大学,,,嘉宾,,wu.new@example.cn,,')),
        )
      ).json<Parsed>();
      expect(body.rows.map(errorsOf)).toEqual([{ email: 'duplicate_guest' }, { name_latin: 'duplicate_guest' }]);
      expect(body.rows[0]!.errors[0]!.message).toBe(`Already a guest of this event (guest ${importedIds[0]}).`);
    });

    it('sends to the local outbox without SMTP: the guest language, a working link, and a refusal for the guest without email', async () => {
      const res = await call(app, organiser, 'POST', `${EV}/invitations/send`, {});
      expectStatus(res, 200);
      const report = res.json<{
        delivery: string;
        written: number;
        refused: number;
        results: Array<{ guestId: number; outboxId: number | null; status: string | null; code: string | null }>;
      }>();
      expect(report).toMatchObject({ delivery: 'outbox', written: 2, refused: 1 });
      expect(report.results.find((r) => r.guestId === importedIds[2])).toMatchObject({ outboxId: null, code: 'guest_no_email' });

      const outbox = await call(app, organiser, 'GET', `${EV}/outbox?status=written`);
      expectStatus(outbox, 200);
      const page = outbox.json<{
        total: number;
        items: Array<{ id: number; guestId: number; language: string; recipient: string; subject: string }>;
        delivery: string;
      }>();
      expect(page.total).toBe(2);
      const zh = page.items.find((i) => i.guestId === importedIds[0])!;
      expect(zh).toMatchObject({ language: 'zh', recipient: 'zhou.ba@example.cn' });
      const message = (await call(app, organiser, 'GET', `${EV}/outbox/${zh.id}`)).json<{ body: string; subject: string }>();
      expect(message.body).toMatch(/^尊敬的周八：/);
      expect(message.body).toContain('证件领取处');
      const token = /https:\/\/huiwu\.example\.org\/app\/register\/([A-Za-z0-9_-]+)/.exec(message.body)?.[1];
      expect(token).toBeDefined();
      const guest = await app.deps.db
        .selectFrom('guests')
        .select(['invite_hash', 'invited_at'])
        .where('id', '=', importedIds[0]!)
        .executeTakeFirstOrThrow();
      expect(guest.invite_hash).toBe(sha256(token!));
      expect(guest.invited_at).not.toBeNull();

      const en = (await call(app, organiser, 'GET', `${EV}/outbox/${page.items.find((i) => i.guestId === importedIds[1])!.id}`)).json<{
        body: string;
        subject: string;
      }>();
      expect(en.body).toMatch(/^Dear Tim Berners-Lee,/);
      expect(en.body).toContain('badge desk');
      // sending again without ids finds nobody new but the guest still without email
      const again = (await call(app, organiser, 'POST', `${EV}/invitations/send`)).json<{
        results: Array<{ guestId: number; code: string | null }>;
      }>().results;
      expect(again.map((r) => [r.guestId, r.code])).toEqual([[importedIds[2], 'guest_no_email']]);
    });

    it('uses the templates the organiser edited, and refuses one without its link', async () => {
      const refused = await call(app, organiser, 'PUT', `${EV}/message-templates`, {
        templates: [{ kind: 'invitation', language: 'en', subject: 'Hi', body: 'No link here, {name}' }],
      });
      expect(refusalOf(refused)).toBe('400 template_link_missing templates.0.body');
      const unknown = await call(app, organiser, 'PUT', `${EV}/message-templates`, {
        templates: [{ kind: 'invitation', language: 'en', subject: 'Hi {nmae}', body: '{link}' }],
      });
      expect(refusalOf(unknown)).toBe('400 template_placeholder_unknown templates.0.subject');

      const saved = await call(app, organiser, 'PUT', `${EV}/message-templates`, {
        templates: [
          {
            kind: 'invitation',
            language: 'en',
            subject: 'Come to {event}, {name}',
            body: 'Hello {name}! Register before {deadline}: {link}',
          },
        ],
      });
      expectStatus(saved, 200);
      expect(saved.json<Array<{ language: string; isDefault: boolean }>>().map((t) => [t.language, t.isDefault])).toEqual([
        ['zh', true],
        ['en', false],
      ]);
      const oldHash = (
        await app.deps.db.selectFrom('guests').select('invite_hash').where('id', '=', importedIds[1]!).executeTakeFirstOrThrow()
      ).invite_hash;
      const res = await call(app, organiser, 'POST', `${EV}/invitations/send`, { guestIds: [importedIds[1]], deadline: '2017-11-20' });
      const outboxId = res.json<{ results: Array<{ outboxId: number }> }>().results[0]!.outboxId;
      const message = (await call(app, organiser, 'GET', `${EV}/outbox/${outboxId}`)).json<{ subject: string; body: string }>();
      expect(message.subject).toMatch(/^Come to .+, Tim Berners-Lee$/);
      expect(message.body).toMatch(
        /^Hello Tim Berners-Lee! Register before 20 November 2017: https:\/\/huiwu\.example\.org\/app\/register\/[A-Za-z0-9_-]{43}$/,
      );
      const newHash = (
        await app.deps.db.selectFrom('guests').select('invite_hash').where('id', '=', importedIds[1]!).executeTakeFirstOrThrow()
      ).invite_hash;
      expect(newHash).not.toBe(oldHash);
      expect(newHash).toBe(sha256(message.body.split('/register/')[1]!));
    });

    it('refuses to send to a guest of no such id with 404, writing nothing', async () => {
      const before = await snapshotDb(app);
      expect(refusalOf(await call(app, organiser, 'POST', `${EV}/invitations/send`, { guestIds: [importedIds[0], 999999] }))).toBe(
        '404 not_found guestIds.1',
      );
      expect(await snapshotDb(app)).toEqual(before);
    });

    it('sends each new guest one invitation when two organisers press send at once', async () => {
      const rows = ['甲', '乙', '丙'].map((n, i) => ({
        name: `郑${n}`,
        organisation: '同时大学',
        category: 'guest',
        email: `twice${i}@example.cn`,
      }));
      const imported = await call(app, organiser, 'POST', `${EV}/invitations/import`, { mode: 'all_or_nothing', rows });
      const ids = imported.json<{ guestIds: number[] }>().guestIds;
      const [a, b] = await Promise.all([
        call(app, organiser, 'POST', `${EV}/invitations/send`, {}),
        call(app, organiser, 'POST', `${EV}/invitations/send`, {}),
      ]);
      const written = (r: typeof a) => r.json<{ written: number }>().written;
      expect(written(a) + written(b)).toBe(3);
      const outbox = await app.deps.db.selectFrom('outbox').select('guest_id').where('guest_id', 'in', ids).execute();
      expect(outbox.map((o) => o.guest_id).sort()).toEqual([...ids].sort());
    });

    it('refuses a retry without SMTP with 409', async () => {
      expect(refusalOf(await call(app, organiser, 'POST', `${EV}/outbox/retry`, {}))).toBe('409 smtp_not_configured HUIWU_SMTP_URL');
    });
  });

  describe('through a real SMTP server', () => {
    let smtp: SMTPServer;
    let mailApp: TestApp;
    let mailer: Session;
    const received: Array<{ to: string[]; raw: string }> = [];

    beforeAll(async () => {
      smtp = new SMTPServer({
        authOptional: true,
        hideSTARTTLS: true,
        logger: false,
        onRcptTo(address, _session, cb) {
          cb(address.address.startsWith('bounce') ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }) : null);
        },
        onData(stream, session, cb) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
            cb();
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      const port = (smtp.server.address() as AddressInfo).port;
      mailApp = await startTestApp(kind, {
        HUIWU_PUBLIC_URL: 'https://huiwu.example.org',
        HUIWU_SMTP_URL: `smtp://127.0.0.1:${port}`,
        HUIWU_MAIL_FROM: 'WIC <invite@wic.example.org>',
      });
      await loadDemoEvent(mailApp);
      mailer = await login(mailApp, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    });
    afterAll(async () => {
      await mailApp?.dispose();
      await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    });

    it('delivers the invitation with its link, marks it sent, and records a refused recipient as failed', async () => {
      const imported = await call(mailApp, mailer, 'POST', `${EV}/invitations/import`, {
        mode: 'all_or_nothing',
        rows: [
          { name: 'Vint Cerf', organisation: 'Google', category: 'vip', email: 'vint@example.org', language: 'en' },
          { name: 'Bounce Person', organisation: 'Nowhere', category: 'guest', email: 'bounce@example.org', language: 'en' },
        ],
      });
      expectStatus(imported, 201);
      const [vint, bounce] = imported.json<{ guestIds: number[] }>().guestIds;
      const res = await call(mailApp, mailer, 'POST', `${EV}/invitations/send`, {});
      expectStatus(res, 200);
      expect(res.json()).toMatchObject({ delivery: 'smtp', sent: 1, failed: 1, written: 0 });

      expect(received).toHaveLength(1);
      const mail = received[0]!;
      expect(mail.to).toEqual(['vint@example.org']);
      const headers = mail.raw.split(/\r\n\r\n/)[0]!.replace(/\r\n[ \t]/g, ' ');
      expect(headers).toMatch(/^To: vint@example\.org$/m);
      expect(headers).toMatch(/^From: WIC <invite@wic\.example\.org>$/m);
      expect(headers).toMatch(/^Subject: Invitation to .+$/m);
      const text = unQp(mail.raw.slice(mail.raw.indexOf('\r\n\r\n') + 4));
      const token = /https:\/\/huiwu\.example\.org\/app\/register\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
      expect(token).toBeDefined();
      const guest = await mailApp.deps.db.selectFrom('guests').select('invite_hash').where('id', '=', vint!).executeTakeFirstOrThrow();
      expect(guest.invite_hash).toBe(sha256(token!));
      // the QR in the email, which the badge desk scans, is the same link
      const image = mail.raw.slice(mail.raw.indexOf('Content-Type: image/png'));
      const base64 = image.slice(image.indexOf('\r\n\r\n') + 4, image.indexOf('\r\n--'));
      expect(await decodeQr(Buffer.from(base64.replace(/\s+/g, ''), 'base64'))).toEqual([
        `https://huiwu.example.org/app/register/${token}`,
      ]);
      expect(text).toContain(`<a href="https://huiwu.example.org/app/register/${token}">`);

      const failed = (await call(mailApp, mailer, 'GET', `${EV}/outbox?status=failed`)).json<{
        items: Array<{ id: number; guestId: number; attempts: number; error: string }>;
      }>().items;
      expect(failed.map((f) => [f.guestId, f.attempts])).toEqual([[bounce, 1]]);
      expect(failed[0]!.error).toMatch(/550|mailbox unavailable/);
      const retry = await call(mailApp, mailer, 'POST', `${EV}/outbox/retry`, { ids: [failed[0]!.id] });
      expect(retry.json()).toEqual({ sent: 0, failed: 1, pending: 0 });
      const after = (await call(mailApp, mailer, 'GET', `${EV}/outbox/${failed[0]!.id}`)).json<{ attempts: number; status: string }>();
      expect(after).toMatchObject({ attempts: 2, status: 'failed' });
      const sent = (await call(mailApp, mailer, 'GET', `${EV}/outbox?status=sent`)).json<{ items: Array<{ sentAt: string | null }> }>()
        .items;
      expect(sent).toHaveLength(1);
      expect(sent[0]!.sentAt).not.toBeNull();
    });

    it('delivers a large batch after answering, and the outbox shows every message sent', async () => {
      const rows = Array.from({ length: 30 }, (_, i) => ({
        name: `Guest ${i}`,
        organisation: 'Batch',
        category: 'guest',
        email: `batch${i}@example.org`,
      }));
      const ids = (await call(mailApp, mailer, 'POST', `${EV}/invitations/import`, { mode: 'all_or_nothing', rows })).json<{
        guestIds: number[];
      }>().guestIds;
      const res = await call(mailApp, mailer, 'POST', `${EV}/invitations/send`, { guestIds: ids });
      expectStatus(res, 200);
      expect(res.json<{ refused: number }>().refused).toBe(0);
      await expect
        .poll(
          async () =>
            (await call(mailApp, mailer, 'GET', `${EV}/outbox?status=sent&pageSize=200`))
              .json<{ items: Array<{ recipient: string }> }>()
              .items.filter((m) => m.recipient.startsWith('batch')).length,
          { timeout: 20_000 },
        )
        .toBe(30);
      expect(received.filter((m) => m.to[0]!.startsWith('batch')).length).toBe(30);
    });
  });

  it('never writes an invitation token to the logs, neither when sending nor when the link is opened', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logged = await startTestApp(kind, { HUIWU_LOG_LEVEL: 'debug' }, { logStream: sink });
    try {
      await loadDemoEvent(logged);
      const s = await login(logged, 'organiser@wic2017.example.org', DEMO_PASSWORD);
      await call(logged, s, 'POST', `${EV}/invitations/import`, {
        mode: 'all_or_nothing',
        rows: [{ name: '日志', organisation: 'L', category: 'guest', email: 'log@example.cn' }],
      });
      const sent = (await call(logged, s, 'POST', `${EV}/invitations/send`, {})).json<{ results: Array<{ outboxId: number }> }>();
      const body = (await call(logged, s, 'GET', `${EV}/outbox/${sent.results[0]!.outboxId}`)).json<{ body: string }>().body;
      const token = /\/app\/register\/([A-Za-z0-9_-]{43})/.exec(body)![1]!;
      await logged.app.inject({ method: 'GET', url: `/app/register/${token}` });
      await logged.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` });
      const all = lines.join('');
      expect(all).toContain('/app/register/[redacted]');
      expect(all).not.toContain(token);
    } finally {
      await logged.dispose();
    }
  });

  it('records every message as failed at once when the SMTP server is unreachable, and retries them on the next send', async () => {
    const closed = new SMTPServer({ authOptional: true, hideSTARTTLS: true, logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = await startTestApp(kind, { HUIWU_SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      await loadDemoEvent(down);
      const s = await login(down, 'organiser@wic2017.example.org', DEMO_PASSWORD);
      const rows = Array.from({ length: 3 }, (_, i) => ({
        name: `Down ${i}`,
        organisation: 'Down',
        category: 'guest',
        email: `down${i}@example.org`,
      }));
      expectStatus(await call(down, s, 'POST', `${EV}/invitations/import`, { mode: 'all_or_nothing', rows }), 201);
      const started = Date.now();
      const res = await call(down, s, 'POST', `${EV}/invitations/send`, {});
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(res.json()).toMatchObject({ delivery: 'smtp', sent: 0, failed: 3 });
      const failed = (await call(down, s, 'GET', `${EV}/outbox?status=failed`)).json<{
        items: Array<{ attempts: number; error: string }>;
      }>().items;
      expect(failed.map((f) => f.attempts)).toEqual([1, 1, 1]);
      expect(failed.every((f) => /ECONNREFUSED|connect/i.test(f.error))).toBe(true);
      // the next send takes the failed ones along
      const again = await call(down, s, 'POST', `${EV}/invitations/send`, {});
      expect(again.json()).toMatchObject({ results: [], retried: 0 });
      const after = (await call(down, s, 'GET', `${EV}/outbox?status=failed`)).json<{ items: Array<{ attempts: number }> }>().items;
      expect(after.map((f) => f.attempts)).toEqual([2, 2, 2]);
    } finally {
      await down.dispose();
    }
  });
});
