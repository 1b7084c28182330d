import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

/** The checked-in SHA-256 of every landed migration's source text (ADR 0010). */
export const HASHES_FILE = resolve(import.meta.dirname, '../src/migration-hashes.json');
const SRC = resolve(import.meta.dirname, '../src');
const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.ts$/;

/** Line endings are normalised so a checkout with CRLF hashes the same. */
export const hashSource = (text: string): string => createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');

/** Every migration file under src/ (any `migrations/` folder), by migration name, with its repository path. */
export function migrationFiles(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (basename(dir) === 'migrations' && MIGRATION_FILE.test(entry.name)) {
        const name = entry.name.replace(/\.ts$/, '');
        found.set(name, [...(found.get(name) ?? []), relative(resolve(SRC, '..'), path)]);
      }
    }
  };
  walk(SRC);
  return found;
}

export const readHashes = (): Record<string, string> => JSON.parse(readFileSync(HASHES_FILE, 'utf8')) as Record<string, string>;

/**
 * `npm run migrations:freeze`: records the hash of every migration that has none yet, in the commit that lands it.
 * It never rewrites a recorded hash: a landed migration is changed by a new migration, not by editing it.
 */
function freeze(): void {
  const hashes = readHashes();
  const added: string[] = [];
  for (const [name, paths] of [...migrationFiles()].sort(([a], [b]) => a.localeCompare(b))) {
    if (hashes[name] || paths.length !== 1) continue;
    hashes[name] = hashSource(readFileSync(resolve(SRC, '..', paths[0]!), 'utf8'));
    added.push(name);
  }
  const sorted = Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(HASHES_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
  console.log(added.length ? `frozen: ${added.join(', ')}` : 'every migration is frozen already');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) freeze();
