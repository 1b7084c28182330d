import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../src/main.js';
import { installedPermissions, installPermissions } from '../../src/platform/auth/permissions.js';
import { installMessages } from '../../src/platform/i18n/messages.js';
import { defineMessages } from '../../src/platform/i18n/define.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PLATFORM = resolve(ROOT, 'src/platform');
/** Frozen before modules had folders (ADR 0010): creates the first modules' base tables, and may not change. */
const FROZEN = new Set(['src/platform/db/migrations/0001_initial.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : /\.(ts|json)$/.test(e.name) ? [path] : [];
  });
}

/** Code without its comments (a comment may explain what a module does with a platform part). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

interface Hit {
  where: string;
  what: string;
}

function scan(words: Array<{ pattern: RegExp; what: string }>): Hit[] {
  const hits: Hit[] = [];
  for (const file of sources(PLATFORM)) {
    const rel = relative(ROOT, file);
    if (FROZEN.has(rel) || rel.endsWith('.test.ts')) continue;
    code(readFileSync(file, 'utf8'))
      .split('\n')
      .forEach((line, i) => {
        for (const { pattern, what } of words) if (pattern.test(line)) hits.push({ where: `${rel}:${i + 1}`, what: `${what}: ${line.trim()}` });
      });
  }
  return hits;
}

const quoted = (word: string) => new RegExp(`['"\`]${word.replace(/\./g, '\\.')}['"\`]`);

describe('src/platform names no module', () => {
  it('imports nothing from src/modules (nor from the root that composes them)', () => {
    const hits = scan([
      { pattern: /from\s+['"][^'"]*\/modules\//, what: 'imports a module' },
      { pattern: /import\(\s*['"][^'"]*\/modules\//, what: 'imports a module' },
      { pattern: /from\s+['"](\.\.\/)+(main|manifests|composed-types|privacy-registrants)\.js['"]/, what: 'imports the composition root' },
    ]);
    expect(hits).toEqual([]);
  });

  it('names no module, no table, no permission and no message of a module', () => {
    const words: Array<{ pattern: RegExp; what: string }> = [];
    for (const m of MODULES) {
      // as a string of its own or a path: 'notices', 'notices.manage', '…/modules/notices' (not the API's /events/ paths)
      words.push({ pattern: new RegExp(`(['"\`]|/modules/)${m.name}(?![a-z_])`), what: `the module ${m.name}` });
      for (const table of m.tables) words.push({ pattern: quoted(table), what: `the table ${table} of ${m.name}` });
      for (const permission of Object.keys(m.permissions)) words.push({ pattern: quoted(permission), what: `the permission ${permission} of ${m.name}` });
      for (const area of m.messages) for (const key of Object.keys(area.en)) words.push({ pattern: quoted(key), what: `the message ${key} of ${m.name}` });
    }
    expect(scan(words)).toEqual([]);
  });

  it('is what makes this test fail when a module word slips in', () => {
    // the scanner itself: a platform line naming a table of a module is a hit
    const probe = code(`const x = db.selectFrom('guests'); // 'guests' in a comment is fine`);
    expect(quoted('guests').test(probe)).toBe(true);
    expect(quoted('guests').test(code(`// db.selectFrom('guests')`))).toBe(false);
  });
});

describe('the manifests', () => {
  it('give every module a distinct name, and every table one owner', () => {
    const names = MODULES.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    const tables = MODULES.flatMap((m) => m.tables);
    expect(new Set(tables).size).toBe(tables.length);
  });

  it('keep every permission with the roles it had before the move (the same names, the same roles)', () => {
    const roles = Object.fromEntries(MODULES.flatMap((m) => Object.entries(m.permissions)));
    expect(roles).toMatchObject({
      'events.create': { roles: ['organiser'], globalOnly: true },
      'program.edit': ['organiser', 'board_chair'],
      'people.manage': ['organiser', 'board_chair'],
      'gate.scan': { roles: ['organiser', 'gate_staff', 'device'], devices: ['scanner'] },
      'guests.photo': { roles: ['organiser', 'desk_staff', 'gate_staff', 'device'], devices: ['scanner', 'face_terminal'] },
      'gate.face': { roles: ['organiser', 'gate_staff', 'device'], devices: ['face_terminal'] },
      'carts.drive': ['organiser', 'driver'],
    });
    expect(installedPermissions()).toEqual(expect.arrayContaining(['public', 'authenticated', 'users.manage', 'device.ingest', ...Object.keys(roles)]));
  });

  it('refuse a permission two owners declare', () => {
    const sources = MODULES.map((m) => ({ owner: m.name, permissions: m.permissions }));
    expect(() => installPermissions([...sources, { owner: 'hotels', permissions: { 'carts.manage': ['organiser'] } }])).toThrow(
      /permission carts.manage of hotels is declared by logistics already/,
    );
    expect(() => installPermissions([{ owner: 'hotels', permissions: { 'users.manage': ['organiser'] } }])).toThrow(/declared by platform/);
    installPermissions(sources);
  });

  it('refuse a message key two owners declare', () => {
    const sources = MODULES.map((m) => ({ owner: m.name, areas: m.messages }));
    const clash = defineMessages({ 'error.network_no_stops': 'x' }, { 'error.network_no_stops': 'x' });
    expect(() => installMessages([...sources, { owner: 'hotels', areas: [clash] }])).toThrow(/message error.network_no_stops of hotels is declared by logistics/);
    installMessages(sources);
  });
});
