import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Template databases, migrated once per run in the global setup, so that a test app starts from a copy instead of
 * running every migration again: a SQLite file the harness copies, and a PostgreSQL database it clones with
 * `CREATE DATABASE … TEMPLATE` (one file copy inside the server instead of dozens of DDL round-trips and Kysely's
 * catalogue reads). Only the migrations are in them: the installation secret and the Redis namespace are made by
 * each app on its first start, as on a real installation. Names carry the run's id so that the teardown (and a
 * later run, for a run that was killed) finds what to drop.
 */
export const PG_DB_PREFIX = 'huiwu_t_';

export interface Templates {
  sqlite: string;
  /** the template database's name, or null without PostgreSQL (or when migrating it failed) */
  pgDatabase: string | null;
  teardown(): Promise<void>;
}

/** The same server URL with another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

/** Drops this server's test databases older than a day (left by killed runs), never another run's fresh ones. */
async function dropStale(url: string): Promise<void> {
  await admin(url, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 and not datistemplate and (pg_stat_file('base/' || oid || '/PG_VERSION', true)).modification < now() - interval '1 day'`,
      [`${PG_DB_PREFIX}%`],
    ).catch(() => ({ rows: [] as Array<{ datname: string }> }));
    for (const { datname } of rows) await c.query(`drop database if exists "${datname}" with (force)`).catch(() => undefined);
  });
}

export async function migrateTemplates(pgUrl: string | null): Promise<Templates> {
  // the app's composition, loaded here only: a tree that does not compile yet fails its tests, not the setup
  const [{ migrations }, { openDatabase, migrateToLatest }] = await Promise.all([import('../../src/main.js'), import('../../src/platform/db/database.js')]);
  const run = randomBytes(4).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'huiwu-template-'));
  const sqlite = join(dir, 'template.sqlite');
  const file = openDatabase({ kind: 'sqlite', file: sqlite });
  try {
    await migrateToLatest(file.db, migrations);
  } finally {
    await file.close();
  }

  let pgDatabase: string | null = null;
  if (pgUrl) {
    await dropStale(pgUrl);
    const name = `${PG_DB_PREFIX}${run}_template`;
    await admin(pgUrl, (c) => c.query(`create database "${name}"`));
    const tpl = openDatabase({ kind: 'postgres', url: withDatabase(pgUrl, name), schema: 'public' });
    try {
      await migrateToLatest(tpl.db, migrations);
      pgDatabase = name;
    } finally {
      await tpl.close();
    }
  }

  return {
    sqlite,
    pgDatabase,
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
      if (pgUrl) {
        // this run's clones that a test left behind, then the template
        await admin(pgUrl, async (c) => {
          const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${PG_DB_PREFIX}${run}_%`]);
          for (const { datname } of rows) await c.query(`drop database if exists "${datname}" with (force)`).catch(() => undefined);
        });
      }
    },
  };
}
