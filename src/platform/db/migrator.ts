import type { Migration } from 'kysely';
import { platformMigrations } from './migrations/index.js';

/** One owner's migrations, as a manifest declares them. */
export interface MigrationSource {
  owner: string;
  migrations: Record<string, Migration>;
}

/** `NNNN_what`: four digits, then lower-case words. Kysely records the name and runs migrations in name order. */
export const MIGRATION_NAME = /^(\d{4})_[a-z0-9]+(?:_[a-z0-9]+)*$/;

/**
 * The platform's migrations and every module's, as one record in the order Kysely runs them (by name; the number
 * prefix is the stable key). Refuses a malformed name and two migrations with the same number, even across
 * owners: a database records names, so a landed name can never change and no two may sort ambiguously.
 */
export function composeMigrations(sources: readonly MigrationSource[]): Record<string, Migration> {
  const byNumber = new Map<string, string>();
  const all: Array<[string, Migration]> = [];
  for (const { owner, migrations } of [{ owner: 'platform', migrations: platformMigrations }, ...sources]) {
    for (const [name, migration] of Object.entries(migrations)) {
      const number = MIGRATION_NAME.exec(name)?.[1];
      if (!number) throw new Error(`migration ${name} of ${owner}: the name must be NNNN_words (lower case)`);
      const taken = byNumber.get(number);
      if (taken) throw new Error(`migration ${name} of ${owner}: number ${number} is taken by ${taken}; take the next free number`);
      byNumber.set(number, `${name} of ${owner}`);
      all.push([name, migration]);
    }
  }
  return Object.fromEntries(all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
