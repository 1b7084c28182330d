import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadDocument } from '../../src/modules/documents/upload-document.js';
import type { DocumentsDeps } from '../../src/modules/documents/documents.store.js';
import { createFileStore } from '../../src/platform/files/file-store.js';
import { adminSession, call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { tinyPdf } from '../support/pdf.js';
import { expectStatus, HAN, snapshotDb } from '../support/fixtures.js';

const EVENT = {
  slug: 'summit',
  name: { zh: '测试峰会', en: 'Test Summit' },
  timezone: 'Asia/Shanghai',
  startDate: '2017-12-03',
  endDate: '2017-12-05',
  languages: ['zh', 'en'],
};
const BASE = '/api/v1/events/summit/documents';
const PASSWORD = 'documents-password-1';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface FilePart {
  bytes: Buffer;
  name: string;
  type?: string;
}
type Fields = Record<string, string>;
const fields = (extra: Fields = {}): Fields => ({
  title_zh: '世界互联网发展报告 2017',
  title_en: 'World Internet Development Report 2017',
  kind: 'blue_book',
  audience: 'public',
  ...extra,
});

/** Every file under a folder, with its size: equal listings mean nothing was written or left behind. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return `${relative(dir, path)} ${readFileSync(path).length}`;
    })
    .sort();
}

describe.each(databases())('documents on %s', (kind) => {
  let app: TestApp;
  let origin: string;
  let admin: Session;
  let guest: Session;
  let vip: Session;
  let volunteer: Session;
  const logLines: string[] = [];

  /** Real multipart over a real socket: FormData with a Blob, as a browser sends it. */
  async function upload(session: Session | null, body: Fields, file?: FilePart, language = 'en'): Promise<Response> {
    const form = new FormData();
    for (const [k, v] of Object.entries(body)) form.append(k, v);
    if (file) form.append('file', new Blob([file.bytes], { type: file.type ?? 'application/pdf' }), file.name);
    return fetch(`${origin}${BASE}`, {
      method: 'POST',
      body: form,
      headers: { 'accept-language': language, ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}) },
    });
  }
  const download = (session: Session | null, id: number, method = 'GET') =>
    fetch(`${origin}${BASE}/${id}/file`, { method, headers: session ? { cookie: session.cookie } : {} });
  const visibleTo = async (session: Session | null) =>
    (await call(app, session, 'GET', BASE)).json<Array<{ id: number; downloadCount?: number }>>();
  const visibleIds = async (session: Session | null) => (await visibleTo(session)).map((d) => d.id).sort((a, b) => a - b);
  async function created(body: Fields, file: FilePart = { bytes: tinyPdf('x'), name: 'x.pdf' }): Promise<number> {
    const res = await upload(admin, body, file);
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: number }).id;
  }
  async function account(email: string, role: string): Promise<Session> {
    expectStatus(
      await call(app, admin, 'POST', '/api/v1/events/summit/accounts', { email, displayName: email, role, password: PASSWORD }),
      201,
    );
    return login(app, email, PASSWORD);
  }

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    app = await startTestApp(kind, { HUIWU_MAX_UPLOAD_MB: '1', HUIWU_LOG_LEVEL: 'warn' }, { logStream: sink });
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    origin = `http://127.0.0.1:${address.port}`;
    admin = await adminSession(app);
    expectStatus(await call(app, admin, 'POST', '/api/v1/events', EVENT), 201);
    guest = await account('guest@summit.example.org', 'guest');
    vip = await account('vip@summit.example.org', 'guest');
    volunteer = await account('volunteer@summit.example.org', 'volunteer');
    // The registration profile (where a guest's category lives) has no API of its own yet.
    await app.deps.db
      .updateTable('users')
      .set({ profile: JSON.stringify({ category: 'vip' }) })
      .where('email', '=', 'vip@summit.example.org')
      .execute();
  });
  afterAll(async () => app?.dispose());

  it('stores an uploaded PDF and serves the same bytes under its UTF-8 file name', async () => {
    const bytes = tinyPdf('Blue book');
    const res = await upload(admin, fields({ description_zh: '蓝皮书', description_en: 'Blue book' }), {
      bytes,
      name: '世界互联网发展报告 2017.pdf',
    });
    expect(res.status).toBe(201);
    const doc = (await res.json()) as Record<string, unknown> & { id: number };
    expect(doc).toMatchObject({
      kind: 'blue_book',
      title: { zh: '世界互联网发展报告 2017', en: 'World Internet Development Report 2017' },
      description: { zh: '蓝皮书', en: 'Blue book' },
      audience: 'public',
      embargoUntil: null,
      file: {
        name: '世界互联网发展报告 2017.pdf',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        mediaType: 'application/pdf',
      },
      downloadCount: 0,
    });

    expect(await visibleIds(null)).toContain(doc.id);
    const got = await download(null, doc.id);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="_________ 2017.pdf"; filename*=UTF-8''${encodeURIComponent('世界互联网发展报告 2017.pdf')}`,
    );
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    expect(listing(app.deps.config.filesDir).filter((f) => !f.startsWith('.tmp'))).toContain(
      `${(await app.deps.db.selectFrom('documents').select('file_key').where('id', '=', doc.id).executeTakeFirstOrThrow()).file_key} ${bytes.length}`,
    );
  });

  it('counts each GET download, not a HEAD, and shows the count to organisers only', async () => {
    const id = await created(fields({ audience: 'guests' }));
    for (const who of [guest, guest, vip]) expect((await download(who, id)).status).toBe(200);
    expect((await download(guest, id, 'HEAD')).status).toBe(200);
    expect((await visibleTo(admin)).find((d) => d.id === id)?.downloadCount).toBe(3);
    expect((await call(app, admin, 'GET', `${BASE}/${id}`)).json<{ downloadCount: number }>().downloadCount).toBe(3);
    const forGuest = (await visibleTo(guest)).find((d) => d.id === id);
    expect(forGuest).toBeDefined();
    expect(forGuest).not.toHaveProperty('downloadCount');
  });

  it('answers 410 file_gone in the caller\'s language, counts nothing and logs a warning when the file vanished from the store', async () => {
    const id = await created(fields({ audience: 'guests' }));
    const { file_key: key } = await app.deps.db.selectFrom('documents').select('file_key').where('id', '=', id).executeTakeFirstOrThrow();
    rmSync(join(app.deps.config.filesDir, key));
    const gone = await download(guest, id);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toEqual({ error: { code: 'file_gone', message: 'The file of this document is no longer available.', field: 'id' } });
    const zh = await fetch(`${origin}${BASE}/${id}/file`, { headers: { cookie: guest.cookie, 'accept-language': 'zh-CN' } });
    expect(zh.status).toBe(410);
    expect(((await zh.json()) as { error: { message: string } }).error.message).toBe('该文档的文件已不存在。');
    expect((await download(guest, id, 'HEAD')).status).toBe(410);
    expect((await call(app, admin, 'GET', `${BASE}/${id}`)).json<{ downloadCount: number }>().downloadCount).toBe(0);
    const warnings = logLines.map((l) => JSON.parse(l) as { level: number; msg: string; documentId?: number; fileKey?: string }).filter((r) => r.msg === 'document file missing from the file store');
    expect(warnings.map((w) => [w.level, w.documentId, w.fileKey])).toEqual([
      [40, id, key],
      [40, id, key],
      [40, id, key],
    ]);
  });

  describe("refused uploads, in the caller's language, with nothing saved", () => {
    const refused = async (file: FilePart | undefined, body: Fields = fields()) => {
      const dbBefore = await snapshotDb(app);
      const filesBefore = listing(app.deps.config.filesDir);
      const out: Record<string, { status: number; code: string; field: string | null; message: string }> = {};
      for (const language of ['en', 'zh-CN']) {
        const res = await upload(admin, body, file, language);
        const { error } = (await res.json()) as { error: { code: string; field: string | null; message: string } };
        out[language] = { status: res.status, ...error };
      }
      expect(await snapshotDb(app)).toEqual(dbBefore);
      expect(listing(app.deps.config.filesDir)).toEqual(filesBefore);
      expect(out['en']?.message).not.toMatch(HAN);
      expect(out['zh-CN']?.message).toMatch(HAN);
      return out;
    };

    it('refuses a PNG named .pdf and declared application/pdf with 400 file_type', async () => {
      const out = await refused({ bytes: PNG, name: 'report.pdf', type: 'application/pdf' });
      expect(out['en']).toEqual({
        status: 400,
        code: 'file_type',
        field: 'file',
        message: 'The file is not a PDF (checked by its content, not its name).',
      });
      expect(out['zh-CN']).toEqual({
        status: 400,
        code: 'file_type',
        field: 'file',
        message: '文件不是 PDF（按文件内容判断，而非文件名）。',
      });
    });

    it('refuses an empty file with 400 file_empty', async () => {
      const out = await refused({ bytes: Buffer.alloc(0), name: 'empty.pdf' });
      expect(out['en']).toEqual({ status: 400, code: 'file_empty', field: 'file', message: 'The file is empty.' });
      expect(out['zh-CN']?.message).toBe('文件是空的。');
    });

    it('refuses a PDF over HUIWU_MAX_UPLOAD_MB (1 MB here) with 413 file_too_large', async () => {
      const big = Buffer.concat([tinyPdf('big'), Buffer.alloc(1024 * 1024, 0x20)]);
      const out = await refused({ bytes: big, name: 'big.pdf' });
      expect(out['en']).toEqual({ status: 413, code: 'file_too_large', field: 'file', message: 'The file is larger than 1 MB.' });
      expect(out['zh-CN']?.message).toBe('文件超过 1 MB。');
    });

    it('refuses an upload without a file with 400 file_missing', async () => {
      const out = await refused(undefined);
      expect(out['en']).toMatchObject({ status: 400, code: 'file_missing', field: 'file' });
    });

    it('refuses a missing title, an unknown kind and an audience that is none, naming the field', async () => {
      const pdf = { bytes: tinyPdf('x'), name: 'x.pdf' };
      const { title_zh: _omit, ...untitled } = fields();
      expect((await refused(pdf, untitled))['en']).toMatchObject({ status: 400, code: 'validation', field: 'title_zh' });
      expect((await refused(pdf, fields({ kind: 'novel' })))['en']).toMatchObject({ status: 400, code: 'validation', field: 'kind' });
      expect((await refused(pdf, fields({ audience: 'everyone' })))['en']).toMatchObject({
        status: 400,
        code: 'validation',
        field: 'audience',
      });
      expect((await refused(pdf, fields({ embargoUntil: 'tomorrow' })))['en']).toMatchObject({
        status: 400,
        code: 'validation',
        field: 'embargoUntil',
      });
      expect((await refused(pdf, fields({ colour: 'red' })))['en']).toMatchObject({ status: 400, code: 'validation', field: 'colour' });
    });

    it('refuses a JSON body with 415 multipart_required', async () => {
      const res = await call(app, admin, 'POST', BASE, fields());
      expect(res.statusCode).toBe(415);
      expect(res.json()).toEqual({
        error: { code: 'multipart_required', field: 'content-type', message: 'Send the upload as multipart/form-data.' },
      });
    });

    it('keeps nothing of an upload whose connection drops halfway', async () => {
      const dbBefore = await snapshotDb(app);
      const filesBefore = listing(app.deps.config.filesDir);
      const b = 'dropped';
      const head = `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
      const { port } = new URL(origin);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST ${BASE} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${admin.cookie}\r\nX-CSRF-Token: ${admin.csrf}\r\n` +
          `Content-Type: multipart/form-data; boundary=${b}\r\nContent-Length: 500000\r\n\r\n${head}`,
      );
      socket.write(Buffer.concat([tinyPdf('x'), Buffer.alloc(100_000, 0x20)]));
      await new Promise((resolve) => setTimeout(resolve, 200));
      socket.destroy();
      await expect.poll(() => listing(app.deps.config.filesDir), { timeout: 5000 }).toEqual(filesBefore);
      expect(await snapshotDb(app)).toEqual(dbBefore);
    });

    it('saves neither row nor file when the file cannot be put in place', async () => {
      const files = createFileStore(app.deps.config.filesDir);
      const failing: DocumentsDeps = { ...app.deps, files: { ...files, commit: () => Promise.reject(new Error('disk full')) } };
      const staged = await files.stage((await import('node:stream')).Readable.from([tinyPdf('x')]));
      const dbBefore = await snapshotDb(app);
      const event = await app.deps.db.selectFrom('events').selectAll().where('slug', '=', 'summit').executeTakeFirstOrThrow();
      const parsed = { ...fields(), description_zh: '', description_en: '' } as Parameters<typeof uploadDocument>[3]['fields'];
      await expect(
        uploadDocument(failing, { userId: null, grants: [], requestId: null }, event, {
          fields: parsed,
          fileName: 'x.pdf',
          staged,
          truncated: false,
        }),
      ).rejects.toThrow('disk full');
      await files.discard(staged);
      expect(await snapshotDb(app)).toEqual(dbBefore);
      expect(listing(app.deps.config.filesDir).filter((f) => f.startsWith('.tmp'))).toEqual([]);
    });
  });

  it('hides an embargoed document from a guest until its release time, and shows it to organisers', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const id = await created(fields({ kind: 'outcome', embargoUntil: future }));
    expect(await visibleIds(guest)).not.toContain(id);
    expect(await visibleIds(null)).not.toContain(id);
    expect((await call(app, guest, 'GET', `${BASE}/${id}`)).statusCode).toBe(404);
    expect((await download(guest, id)).status).toBe(404);
    expect(await visibleIds(admin)).toContain(id);
    expect((await download(admin, id)).status).toBe(200);

    const past = new Date(Date.now() - 1000).toISOString();
    const patched = await call(app, admin, 'PATCH', `${BASE}/${id}`, { embargoUntil: past });
    expectStatus(patched, 200);
    expect(patched.json<{ embargoUntil: string }>().embargoUntil).toBe(past);
    expect(await visibleIds(guest)).toContain(id);
    expect((await download(null, id)).status).toBe(200);
  });

  it('shows each audience only to its readers', async () => {
    const organisers = await created(fields({ kind: 'report', audience: 'organisers' }));
    const guests = await created(fields({ kind: 'case_collection', audience: 'guests' }));
    const vips = await created(fields({ kind: 'other', audience: 'category:vip' }));
    const mine = (ids: number[]) => ids.filter((i) => [organisers, guests, vips].includes(i));
    expect(mine(await visibleIds(admin))).toEqual([organisers, guests, vips]);
    expect(mine(await visibleIds(vip))).toEqual([guests, vips]);
    expect(mine(await visibleIds(guest))).toEqual([guests]);
    expect(mine(await visibleIds(volunteer))).toEqual([]);
    expect(mine(await visibleIds(null))).toEqual([]);
    expect((await download(guest, vips)).status).toBe(404);
    expect((await download(vip, vips)).status).toBe(200);
    expect((await download(null, guests)).status).toBe(404);
    expect((await download(guest, organisers)).status).toBe(404);
  });

  it('edits metadata, deletes row and file, and writes each change to the audit log', async () => {
    const id = await created(fields());
    const key = (await app.deps.db.selectFrom('documents').select('file_key').where('id', '=', id).executeTakeFirstOrThrow()).file_key;
    const res = await call(app, admin, 'PATCH', `${BASE}/${id}`, {
      title: { zh: '乌镇展望', en: 'Wuzhen Outlook' },
      kind: 'outcome',
      fileName: 'outlook',
    });
    expectStatus(res, 200);
    expect(res.json()).toMatchObject({ title: { zh: '乌镇展望', en: 'Wuzhen Outlook' }, kind: 'outcome', file: { name: 'outlook.pdf' } });

    expectStatus(await call(app, admin, 'DELETE', `${BASE}/${id}`), 200);
    expect((await call(app, admin, 'GET', `${BASE}/${id}`)).statusCode).toBe(404);
    expect((await download(admin, id)).status).toBe(404);
    expect(listing(app.deps.config.filesDir).some((f) => f.startsWith(key))).toBe(false);

    const audit = await app.deps.db.selectFrom('audit_log').select(['type', 'payload']).where('type', 'like', 'document.%').execute();
    const about = audit.filter((a) => (JSON.parse(a.payload) as { documentId: number }).documentId === id).map((a) => a.type);
    expect(about).toEqual(['document.uploaded', 'document.updated', 'document.deleted']);
  });

  it('describes the upload form as multipart/form-data in the OpenAPI document', async () => {
    const doc = (await call(app, null, 'GET', '/api/v1/openapi.json')).json<{
      paths: Record<
        string,
        { post?: { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } } }
      >;
    }>();
    const form = doc.paths['/api/v1/events/{slug}/documents']?.post?.requestBody.content['multipart/form-data']?.schema;
    expect(form?.required).toEqual(['title_zh', 'title_en', 'kind', 'audience', 'file']);
    expect(form?.properties['file']).toEqual({ type: 'string', format: 'binary', description: 'the PDF' });
  });

  it('refuses a guest an upload with 403 before reading the file', async () => {
    const res = await upload(guest, fields(), { bytes: tinyPdf('x'), name: 'x.pdf' });
    expect(res.status).toBe(403);
  });
});
