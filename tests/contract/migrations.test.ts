import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { hashSource, migrationFiles, readHashes } from '../../scripts/migration-hashes.js';
import { migrations } from '../../src/main.js';
import { migrateToLatest, openDatabase, type Database } from '../../src/platform/db/database.js';
import { composeMigrations } from '../../src/platform/db/migrator.js';
import { databases, type DbKind } from '../support/harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** What had landed at commit 62087f3, the last commit with every migration in src/platform/db/migrations. */
const LANDED_BEFORE_MODULES = [
  '0001_initial',
  '0002_notices',
  '0003_documents',
  '0004_accreditation',
  '0005_scan_indexes',
  '0006_carts',
  '0007_vehicles',
  '0008_face_enrolments',
  '0009_guest_vehicle',
];

describe('migrations are frozen once landed', () => {
  const hashes = readHashes();
  const files = migrationFiles();

  it('keep the hash of their source text: a landed migration is never edited, moved away or removed', () => {
    for (const [name, hash] of Object.entries(hashes)) {
      const paths = files.get(name) ?? [];
      expect(paths, `${name} is recorded in src/migration-hashes.json but has no file (a landed migration is never removed)`).toHaveLength(1);
      const text = readFileSync(resolve(ROOT, paths[0]!), 'utf8');
      expect(hashSource(text), `${paths[0]} changed after it landed: write a new migration instead`).toBe(hash);
      expect(migrations[name], `${name} is not in the composed list of main.ts (its manifest lost it)`).toBeDefined();
    }
  });

  it('record a hash for every migration the application runs (npm run migrations:freeze in the commit that adds one)', () => {
    const unfrozen = Object.keys(migrations).filter((name) => !hashes[name]);
    expect(unfrozen, 'run npm run migrations:freeze and commit src/migration-hashes.json with the new migration').toEqual([]);
    for (const [name, paths] of files) expect(paths, `two files are named ${name}`).toHaveLength(1);
    expect(Object.keys(migrations).sort(), 'every migration file is composed, and only those').toEqual([...files.keys()].sort());
  });

  it('keep every name that landed before modules had their own folders, in the same order', () => {
    const names = Object.keys(migrations);
    expect(names.slice(0, LANDED_BEFORE_MODULES.length)).toEqual(LANDED_BEFORE_MODULES);
    expect(names).toEqual([...names].sort());
  });
});

describe('composing the migrations of the manifests', () => {
  const noop: Migration = { up: async () => {} };

  it('orders them by name whatever order the modules come in', () => {
    const composed = composeMigrations([
      { owner: 'b', migrations: { '9012_b_two': noop } },
      { owner: 'a', migrations: { '9011_a_one': noop, '9010_a_zero': noop } },
    ]);
    // numbers far above the real ones, which grow
    expect(Object.keys(composed).filter((n) => n.startsWith('9'))).toEqual(['9010_a_zero', '9011_a_one', '9012_b_two']);
    expect(Object.keys(composed)[0]).toBe('0001_initial');
  });

  it('refuses two migrations with the same number, naming both owners', () => {
    expect(() =>
      composeMigrations([
        { owner: 'hotels', migrations: { '9010_hotels_rooms': noop } },
        { owner: 'meals', migrations: { '9010_meals_menus': noop } },
      ]),
    ).toThrow(/9010_meals_menus of meals: number 9010 is taken by 9010_hotels_rooms of hotels/);
    expect(() => composeMigrations([{ owner: 'x', migrations: { '0001_again': noop } }])).toThrow(/taken by 0001_initial of platform/);
  });

  it('refuses a name that does not sort as a number', () => {
    for (const bad of ['10_short', '0010-dash', '0010_Upper', 'initial', '0010_']) {
      expect(() => composeMigrations([{ owner: 'x', migrations: { [bad]: noop } }]), bad).toThrow(/NNNN_words/);
    }
  });
});

interface Opened {
  database: Database;
  dispose(): Promise<void>;
}

async function openEmpty(kind: DbKind): Promise<Opened> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'huiwu-migrations-'));
    const database = openDatabase({ kind: 'sqlite', file: join(dir, 'old.sqlite') });
    return { database, dispose: async () => (await database.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const url = inject('pgUrl')!;
  const schema = `m_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase({ kind: 'postgres', url, schema });
  return {
    database,
    async dispose() {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/** Every row of every table that existed before, in the columns it had then, in a stable order. */
async function snapshot(db: Kysely<unknown>, columns: Map<string, string[]>) {
  const out: Record<string, unknown[]> = {};
  for (const [table, cols] of columns) {
    const list = sql.join(cols.map((c) => sql.ref(c)));
    const rows = await sql<Record<string, unknown>>`select ${list} from ${sql.table(table)} order by ${list}`.execute(db);
    out[table] = rows.rows;
  }
  return out;
}

describe.each(databases())('a database migrated on the old layout (%s)', (kind) => {
  let opened: Opened | undefined;
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });

  it('migrates on the new layout without an error and without losing a row', async () => {
    opened = await openEmpty(kind);
    const db = opened.database.db;
    const anyDb = db as unknown as Kysely<unknown>;
    // The old database: the landed migrations under their recorded names, through Kysely's Migrator as before.
    const schema = kind === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s : undefined;
    const landed = Object.fromEntries(LANDED_BEFORE_MODULES.map((name) => [name, migrations[name]!]));
    const old = new Migrator({ db, provider: { getMigrations: async () => landed }, ...(schema ? { migrationTableSchema: schema } : {}) });
    const first = await old.migrateToLatest();
    expect(first.error).toBeUndefined();
    expect(first.results?.map((r) => r.migrationName)).toEqual(LANDED_BEFORE_MODULES);

    // Rows of several modules, as a running installation holds them.
    const at = '2026-11-01T08:00:00.000Z';
    await db.insertInto('settings').values({ key: 'compat', value: 'kept' }).execute();
    const user = await db
      .insertInto('users')
      .values({ email: 'old@example.org', password_hash: null, display_name: 'Old User', locale: 'zh', disabled: 0, profile: '{}', created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const event = await db
      .insertInto('events')
      .values({ slug: 'old-2026', name_zh: '旧会', name_en: 'Old summit', timezone: 'Asia/Shanghai', start_date: '2026-11-01', end_date: '2026-11-03', languages: '["zh","en"]', created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into zones (event_id, code, name_zh, name_en) values (${event.id}, 'MAIN', ${'主会场'}, 'Main hall')`.execute(db);
    await sql`insert into categories (event_id, code, name_zh, name_en, color, position) values (${event.id}, 'VIP', ${'贵宾'}, 'VIP', '#aa0000', 0)`.execute(db);
    await sql`insert into guests (event_id, user_id, name, name_latin, sort_key, language, status, created_at, updated_at, vehicle)
      values (${event.id}, ${user.id}, ${'王伟'}, 'Wang Wei', 'wang wei', 'zh', 'invited', ${at}, ${at}, ${'{"plate":"浙A12345","type":"car"}'})`.execute(db);
    await sql`insert into notices (event_id, title_zh, title_en, body_zh, body_en, urgency, audience_kind, status, publish_at, created_at)
      values (${event.id}, ${'通知'}, 'Notice', ${'正文'}, 'Body', 'normal', 'everyone', 'published', ${at}, ${at})`.execute(db);
    await sql`insert into audit_log (at, type, actor_user_id, event_id, payload) values (${at}, 'event.created', ${user.id}, ${event.id}, '{}')`.execute(db);

    const tables = await anyDb.introspection.getTables();
    const columns = new Map(tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
    const before = await snapshot(anyDb, columns);
    expect(before['guests']).toHaveLength(1);
    expect(before['notices']).toHaveLength(1);

    // The new layout: the composed manifests' migrations, through the application's migrator.
    const applied = await migrateToLatest(db, migrations);
    expect(applied).toEqual(Object.keys(migrations).filter((name) => !LANDED_BEFORE_MODULES.includes(name)));
    expect(await snapshot(anyDb, columns)).toEqual(before);
    const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(recorded.rows.map((r) => r.name)).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(db, migrations)).toEqual([]);
  });
});
