import { Kysely, type Migration, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config.js';
import type { DB } from './schema.js';
import { openSqliteFile } from './sqlite-driver.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Anything that can run queries: the database or an open transaction. */
export type Queryable = Kysely<DB>;

export interface Database {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

// COUNT(*) and BIGINT arrive as strings from pg; our counts fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function openDatabase(target: DatabaseTarget): Database {
  if (target.kind === 'sqlite') {
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: openSqliteFile(target.file) }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  // An idle pooled connection that the server ends (a restart, a failover, a dropped test database) is an 'error'
  // event on the pool: pg already discards that client and the next query opens a new one, so it is reported, not
  // left to crash the process as an unhandled error.
  pool.on('error', (err) => console.warn(`database connection lost (${(err as { code?: string }).code ?? 'no code'}): ${err.message}`));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** Runs the migrations not yet applied; `migrations` is the composed list (composeMigrations over the manifests). */
export async function migrateToLatest(db: Db, migrations: Record<string, Migration>): Promise<string[]> {
  // Kysely looks for its bookkeeping tables across every schema it can see; pin it to ours, or a database
  // holding other Huiwu schemas (tests, staging) makes it find a lock table that is not on our search path.
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const schema = isPg ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const provider = { getMigrations: () => Promise.resolve(migrations) };
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    // Kysely's introspection reads every schema's tables and columns; a schema being dropped meanwhile (a finished
    // test's, a staging one) fails that read (schema, table or column "does not exist") although ours is fine.
    // Migrations run in one transaction after those reads, so reading again is safe; a real error comes back
    // the same every time and is thrown after the last attempt.
    if (!(isPg && attempt < 6 && concurrentDdlRace(error))) throw error instanceof Error ? error : new Error(String(error));
    await new Promise((r) => setTimeout(r, 50 * attempt));
  }
}

/** invalid_schema_name, undefined_column, undefined_table: what a read of the catalogue meets when DDL races it */
const RACE_CODES = new Set(['3F000', '42703', '42P01']);
function concurrentDdlRace(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && RACE_CODES.has(code);
}

export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export const nowIso = (): string => new Date().toISOString();

/** JSON columns are text on both databases. */
export const toJson = (v: unknown): string => JSON.stringify(v);
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
