import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/load-demo.js';
import { cachedExport, exportCacheStats } from '../../src/modules/program/export-cache.js';
import { programmeForViewer } from '../../src/modules/program/read-programme.js';
import { adminSession, call, databases, startTestApp, type Session, type TestApp } from '../support/harness.js';

const BASE = '/api/v1/events/wic2017';
const EXPORTS = ['/schedule.xml?lang=en', '/schedule.json?lang=zh', '/calendar.ics?lang=en', '/programme.csv?lang=zh'];

describe.each(databases())('public exports built once per published version on %s', (kind) => {
  let app: TestApp;
  let admin: Session;
  const get = (path: string, headers: Record<string, string> = {}) => app.app.inject({ method: 'GET', url: `${BASE}${path}`, headers });

  beforeAll(async () => {
    app = await startTestApp(kind);
    await loadDemo(app.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
    admin = await adminSession(app);
  });
  afterAll(async () => app?.dispose());

  it('builds each export once, then serves the same bytes from the cache with its ETag, and 304 on revalidation', async () => {
    const before = exportCacheStats(app.deps);
    const first = await Promise.all(EXPORTS.map((p) => get(p)));
    expect(first.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(exportCacheStats(app.deps).builds - before.builds).toBe(EXPORTS.length);

    const again = await Promise.all(EXPORTS.map((p) => get(p)));
    expect(again.map((r) => r.body)).toEqual(first.map((r) => r.body));
    expect(again.map((r) => r.headers.etag)).toEqual(first.map((r) => r.headers.etag));
    const after = exportCacheStats(app.deps);
    expect([after.builds - before.builds, after.memoryHits - before.memoryHits]).toEqual([EXPORTS.length, EXPORTS.length]);
    expect(first[0]!.headers['content-type']).toBe('application/vnd.c3voc.schedule+xml; charset=utf-8');
    expect(first[3]!.headers['content-disposition']).toBe('attachment; filename="wic2017-programme.csv"');

    const revalidated = await get(EXPORTS[0]!, { 'if-none-match': String(first[0]!.headers.etag) });
    expect([revalidated.statusCode, revalidated.body]).toEqual([304, '']);
    expect(exportCacheStats(app.deps).builds).toBe(after.builds);
  });

  it('shares one build between concurrent requests for the same export', async () => {
    const before = exportCacheStats(app.deps).builds;
    const same = await Promise.all(Array.from({ length: 5 }, () => get('/schedule.xml?lang=zh')));
    expect(new Set(same.map((r) => r.body)).size).toBe(1);
    expect(exportCacheStats(app.deps).builds - before).toBe(1);
  });

  it('keeps each build in the file store, where an instance with an empty memory finds it', async () => {
    const dir = join(app.deps.config.filesDir, 'exports');
    expect(readdirSync(dir).filter((f) => f.startsWith('export-')).length).toBeGreaterThanOrEqual(EXPORTS.length);
    // another instance on the same database and files: its own (empty) memory, keyed by its own bus
    const other = { ...app.deps, bus: Object.create(app.deps.bus) as typeof app.deps.bus };
    const event = await app.deps.db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow();
    const view = await programmeForViewer(other, event.id, { userId: null, grants: [] });
    if (!view.ok) throw new Error(view.code);
    const built = await cachedExport(other, view.value.snap, { format: 'csv', opts: { lang: 'zh' } });
    const served = await get('/programme.csv?lang=zh');
    expect([built.body.toString('utf8'), built.etag]).toEqual([served.body, served.headers.etag]);
    expect(exportCacheStats(other)).toEqual({ builds: 0, memoryHits: 0, fileHits: 1 });
  });

  it('builds again for a new published version, with a new ETag, and no longer answers 304 to the old one', async () => {
    const old = await get('/schedule.xml?lang=en');
    const programme = (await get('/programme')).json<{ sessions: { id: number; title: { zh: string; en: string } }[] }>();
    const session = programme.sessions[0]!;
    expect((await call(app, admin, 'PATCH', `${BASE}/sessions/${session.id}`, { title: { zh: session.title.zh, en: 'Opening ceremony, renamed' } })).statusCode).toBe(200);
    expect((await call(app, admin, 'POST', `${BASE}/publish`)).statusCode).toBe(201);

    const before = exportCacheStats(app.deps).builds;
    const fresh = await get('/schedule.xml?lang=en', { 'if-none-match': String(old.headers.etag) });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers.etag).not.toBe(old.headers.etag);
    expect(fresh.body).toContain('Opening ceremony, renamed');
    expect(old.body).not.toContain('Opening ceremony, renamed');
    expect(exportCacheStats(app.deps).builds - before).toBe(1);
  });
});
