import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../src/main.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Where a module's SQL names a table: Kysely's builders (with or without an alias) and raw SQL's clauses. */
const BUILDER = /\b(?:selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin|innerJoinLateral|leftJoinLateral)\(\s*\[?\s*['"`]([a-z_]+)(?:\s+as\s+\w+)?['"`]/g;
const RAW = /\b(?:from|join|into|update|exists\s*\(\s*select\s+1\s+from)\s+([a-z_]+)\b/gi;

const owners = new Map<string, string>(MODULES.flatMap((m) => m.tables.map((t) => [t, m.name] as const)));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : files(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every table of another module that `module`'s source names, as file:line. */
function foreignTables(module: string, text: string, path: string): string[] {
  const hits: string[] = [];
  text.split('\n').forEach((line, i) => {
    const named = [...line.matchAll(BUILDER)].map((m) => m[1]!);
    // raw SQL: only inside sql`…` templates (a comment or a message saying "from" is not SQL)
    for (const chunk of line.match(/sql(?:<[^`]*>)?`[^`]*`?/g) ?? []) named.push(...[...chunk.matchAll(RAW)].map((m) => m[1]!.toLowerCase()));
    for (const table of named) {
      const owner = owners.get(table);
      if (owner && owner !== module) hits.push(`${relative(ROOT, path)}:${i + 1} names ${table} (of ${owner})`);
    }
  });
  return hits;
}

describe('table ownership: no module names another module’s table', () => {
  const all = MODULES.flatMap((m) => files(resolve(ROOT, 'src/modules', m.name)).flatMap((path) => foreignTables(m.name, readFileSync(path, 'utf8'), path)));

  it.each(MODULES.map((m) => [m.name]))('%s names no other module’s table (others through their exported reads or ports)', (name) => {
    const hits = all.filter((hit) => hit.startsWith(`src/modules/${name}/`));
    expect(hits, 'call the owner module’s exported read or store function (or a port, ADR 0012) instead').toEqual([]);
  });

  it('sees a foreign table in each way SQL can name it', () => {
    const probe = [
      "db.selectFrom('guests').select('id')",
      "db.selectFrom('guests as g').innerJoin('credentials as c', 'c.guest_id', 'g.id')",
      "trx.insertInto('scans').values(v)",
      "trx.updateTable('guests').set(s)",
      "trx.deleteFrom('face_enrolments')",
      'sql`select count(*) from guests g join credentials c on c.guest_id = g.id`',
    ].join('\n');
    expect(foreignTables('notices', probe, resolve(ROOT, 'probe.ts'))).toEqual([
      'probe.ts:1 names guests (of people)',
      'probe.ts:2 names guests (of people)',
      'probe.ts:2 names credentials (of accreditation)',
      'probe.ts:3 names scans (of access)',
      'probe.ts:4 names guests (of people)',
      'probe.ts:5 names face_enrolments (of faces)',
      'probe.ts:6 names guests (of people)',
      'probe.ts:6 names credentials (of accreditation)',
    ]);
    expect(foreignTables('people', "db.selectFrom('guests')", resolve(ROOT, 'probe.ts'))).toEqual([]);
  });
});
