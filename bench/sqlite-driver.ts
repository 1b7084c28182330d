/**
 * The SQLite driver (npm run bench, or alone: `npx tsx bench/sqlite-driver.ts`): libsql, which Huiwu runs on, against
 * better-sqlite3, which it ran on before (docs/adr/0011), in one run on the same file with the same pragmas and the
 * same Kysely queries, in interleaved rounds:
 * - gate scans inserted one row per statement (the gates' hot write, as bench/accreditation.ts's raw baseline);
 * - the published programme read, the snapshot row of a 500-session programme by event and version (what a cache
 *   miss of GET /programme reads; parsing it is the same work whichever driver read it);
 * - a page of 500 scans read back (rows per second through the driver's row loop).
 * better-sqlite3 is no longer a dependency: it is measured when installed (`npm i --no-save better-sqlite3@12.11.1`,
 * which compiles it), and otherwise libsql alone is.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import Libsql from 'libsql';
import { loadDemo } from '../src/demo/load-demo.js';
import { createPlatform } from '../src/main.js';
import { importProgramme } from '../src/modules/program/import-programme.js';
import { ProgrammeImport } from '../src/modules/program/program.schema.js';
import { publishProgramme } from '../src/modules/program/publish-programme.js';
import { loadConfig } from '../src/platform/config.js';
import { SYSTEM } from '../src/platform/deps.js';
import { nowIso, type Db } from '../src/platform/db/database.js';
import type { DB } from '../src/platform/db/schema.js';
import { kyselyOverLibsql, tuneSqlite } from '../src/platform/db/sqlite-driver.js';
import { interleaved, measureLoop, type Figures } from './load.js';
import { table, type Row } from './report.js';
import { syntheticProgramme } from './synthetic-programme.js';

const SLUG = 'bench500';
const SESSIONS = 500;
const LOOPS = 10;
const PAGE = 500;

export interface SqliteDriverResult {
  drivers: string[];
  rows: Row[];
  snapshotBytes: number;
  /** why better-sqlite3 was not measured, when it was not */
  skipped?: string;
}

interface BetterSqliteModule {
  default: new (file: string) => SqliteDatabase & { pragma(source: string): unknown };
}

/** better-sqlite3 when installed; the specifier is a variable so that typechecking does not need the package. */
async function betterSqlite(file: string): Promise<SqliteDatabase | string> {
  const name = 'better-sqlite3';
  try {
    const mod = (await import(name)) as BetterSqliteModule;
    const raw = new mod.default(file);
    tuneSqlite(raw);
    return raw;
  } catch (err) {
    return `better-sqlite3 is not installed (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
}

/** A file with the demo event (gates, zones), a published 500-session programme, and a first page of scans. */
async function prepare(file: string) {
  const platform = await createPlatform({ ...loadConfig({ HUIWU_LOG_LEVEL: 'silent', HUIWU_FACE_CHECK: 'off' }), database: { kind: 'sqlite', file } });
  try {
    const { deps } = platform;
    const demo = await loadDemo(deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
    if (!demo.ok) throw new Error(`demo refused: ${demo.code}`);
    const imported = await importProgramme(deps, SYSTEM, SLUG, ProgrammeImport.parse(syntheticProgramme(SLUG, SESSIONS)));
    if (!imported.ok) throw new Error(`synthetic import refused: ${imported.code}`);
    const event = await deps.db.selectFrom('events').selectAll().where('id', '=', imported.value.eventId).executeTakeFirstOrThrow();
    const published = await publishProgramme(deps, SYSTEM, event);
    if (!published.ok) throw new Error(`synthetic publish refused: ${published.code}`);
    const head = await deps.db.selectFrom('publications').select(['version', 'snapshot']).where('event_id', '=', event.id).orderBy('version', 'desc').executeTakeFirstOrThrow();
    const gates = await deps.db.selectFrom('gates').select(['id', 'zone_id']).where('event_id', '=', demo.value.eventId).execute();
    return { eventId: demo.value.eventId, programmeEventId: event.id, version: head.version, snapshotBytes: Buffer.byteLength(head.snapshot), snapshotLength: head.snapshot.length, gates };
  } finally {
    await platform.close();
  }
}

type Plan = Awaited<ReturnType<typeof prepare>>;

function loads(driver: string, db: Db, plan: Plan) {
  let stretch = Date.parse('2017-12-03T10:00:00+08:00');
  const insert = (seconds: number): Promise<Figures> => {
    const base = (stretch += 3_600_000);
    return measureLoop(`${driver}: scans insert (Kysely)`, seconds, LOOPS, async (w, i) => {
      const gate = plan.gates.length ? plan.gates[w % plan.gates.length]! : null;
      await db
        .insertInto('scans')
        .values({
          event_id: plan.eventId,
          nonce: randomUUID(),
          credential_id: null,
          guest_id: null,
          gate_id: gate?.id ?? null,
          zone_id: gate?.zone_id ?? null,
          direction: 'entry',
          verdict: 'admit',
          code: 'admitted',
          scanned_at: new Date(base + i * 100).toISOString(),
          received_at: nowIso(),
          device_user_id: null,
          offline: 0,
        })
        .execute();
    });
  };
  const programme = (seconds: number): Promise<Figures> =>
    measureLoop(`${driver}: programme snapshot read`, seconds, LOOPS, async () => {
      const row = await db.selectFrom('publications').select('snapshot').where('event_id', '=', plan.programmeEventId).where('version', '=', plan.version).executeTakeFirstOrThrow();
      if (row.snapshot.length !== plan.snapshotLength) throw new Error('snapshot read short');
    });
  const page = (seconds: number): Promise<Figures> =>
    measureLoop(`${driver}: ${PAGE} scans read`, seconds, LOOPS, async () => {
      const rows = await db.selectFrom('scans').selectAll().where('event_id', '=', plan.eventId).orderBy('scanned_at', 'desc').limit(PAGE).execute();
      if (rows.length === 0) throw new Error('no scans to read');
    });
  return { insert, programme, page };
}

export async function benchSqliteDriver(seconds: number, rounds: number, log: (line: string) => void): Promise<SqliteDriverResult> {
  const dir = mkdtempSync(join(tmpdir(), 'huiwu-bench-driver-'));
  const file = join(dir, 'huiwu.sqlite');
  const opened: Kysely<DB>[] = [];
  try {
    const plan = await prepare(file);
    const libsqlRaw = new Libsql(file);
    tuneSqlite(libsqlRaw);
    const drivers: [string, SqliteDatabase][] = [['libsql', kyselyOverLibsql(libsqlRaw)]];
    const better = await betterSqlite(file);
    if (typeof better === 'string') log(`sqlite driver: ${better}; measuring libsql alone (docs/adr/0011 has both)`);
    else drivers.unshift(['better-sqlite3', better]);
    const sets = drivers.map(([name, database]) => {
      const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
      opened.push(db);
      return loads(name, db, plan);
    });
    // warm up each, and leave a page of scans to read
    for (const s of sets) {
      await s.insert(1);
      await s.programme(1);
      await s.page(1);
    }
    const runs = (['insert', 'programme', 'page'] as const).flatMap((k) => sets.map((s) => s[k]));
    const figures = await interleaved(rounds, seconds, runs);
    for (const f of figures) log(`${f.name}: ${f.perSecond.toFixed(0)}/s (rounds ${f.rounds?.join(', ')})`);
    const n = sets.length;
    const rows: Row[] = figures.map((f, i) => {
      const base = n === 2 && i % 2 === 1 ? figures[i - 1]! : null;
      return {
        figures: f,
        ...(base ? { ratios: [{ value: f.perSecond / base.perSecond, over: 'better-sqlite3' }] } : {}),
        note: f.name.includes('programme') ? `${(plan.snapshotBytes / 1024).toFixed(0)} KiB snapshot` : `${LOOPS} loops`,
      };
    });
    return { drivers: drivers.map(([d]) => d), rows, snapshotBytes: plan.snapshotBytes, ...(typeof better === 'string' ? { skipped: better } : {}) };
  } finally {
    for (const db of opened) await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const sqliteDriverTable = (r: SqliteDriverResult) => table(`SQLite driver: ${r.drivers.join(' vs ')}, same file, same Kysely queries`, r.rows);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchSqliteDriver(Number(process.env.BENCH_SECONDS ?? 5), Number(process.env.BENCH_ROUNDS ?? 5), (l) => process.stderr.write(`· ${l}\n`));
  console.log(sqliteDriverTable(result));
}
