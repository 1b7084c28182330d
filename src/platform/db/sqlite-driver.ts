import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Libsql from 'libsql';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** What the pragmas below need of a driver: better-sqlite3 and libsql both have it. */
interface Pragmas {
  pragma(source: string): unknown;
}

/** The settings every Huiwu SQLite file runs with (docs/architecture.md). */
export function tuneSqlite(raw: Pragmas): void {
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('synchronous = NORMAL');
}

const UNBINDABLE = 'SQLite3 can only bind numbers, strings, bigints, buffers, and null';

/**
 * Parameters as better-sqlite3 would take them. libsql aborts the whole process on a boolean (a Rust panic,
 * "not yet implemented: bool") where better-sqlite3 throws, and it stores text holding U+0000 but reads it back cut
 * at the NUL; both become a thrown TypeError here, as PostgreSQL refuses NUL too (docs/adr/0011).
 */
function bindable(parameters: ReadonlyArray<unknown>): ReadonlyArray<unknown> {
  for (const p of parameters) {
    if (typeof p === 'boolean') throw new TypeError(UNBINDABLE);
    if (typeof p === 'string' && p.includes('\0')) throw new TypeError('SQLite text cannot hold U+0000 here: it would read back cut short');
  }
  return parameters;
}

/** Prepared statements kept per connection: preparing costs about as much as running a small statement. */
const STATEMENT_CACHE = 256;

/**
 * Kysely's SqliteDialect over a libsql connection, with the parameter checks above. Statements are prepared once per
 * SQL text and reused (an LRU of STATEMENT_CACHE), as Kysely sends the same text for the same query shape; SQLite
 * re-prepares a cached statement itself when the schema changes. A streamed read (`iterate`) gets a statement of its
 * own, since a cached one could be reused while the stream is still open.
 */
export function kyselyOverLibsql(raw: Libsql.Database): SqliteDatabase {
  const cache = new Map<string, Libsql.Statement>();
  const prepared = (sql: string): Libsql.Statement => {
    const hit = cache.get(sql);
    if (hit) {
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const stmt = raw.prepare(sql);
    cache.set(sql, stmt);
    if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    return stmt;
  };
  return {
    close: () => {
      cache.clear();
      raw.close();
    },
    prepare(sql: string): SqliteStatement {
      const stmt = prepared(sql);
      return {
        reader: stmt.reader,
        all: (parameters) => stmt.all(bindable(parameters)),
        run: (parameters) => stmt.run(bindable(parameters)),
        iterate: (parameters) => raw.prepare(sql).iterate(bindable(parameters)),
      };
    },
  };
}

/**
 * Opens (creating its folder) an SQLite file through libsql, whose prebuilt binaries come from the npm registry as
 * optional packages per platform, so installing needs no compiler (docs/adr/0011).
 */
export function openSqliteFile(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new Libsql(file);
  tuneSqlite(raw);
  return kyselyOverLibsql(raw);
}
