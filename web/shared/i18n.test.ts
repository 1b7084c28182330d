import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SESSION_KINDS } from '../../src/modules/program/program.schema.js';
import { detectLanguage } from './i18n.js';
import { catalogues } from './i18n.js';

const { en, zh } = catalogues;

type Tree = { [k: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) && !f.endsWith('.test.ts') ? [p] : [];
  });

describe('web translations', () => {
  it('keep each area\'s top-level keys apart, so no catalogue overwrites another', () => {
    const areas = ['shared', 'app', 'console', 'stations'].flatMap((a) =>
      readdirSync(`web/${a}/locales`)
        .filter((f) => f.endsWith('en.json'))
        .map((f) => Object.keys(JSON.parse(readFileSync(`web/${a}/locales/${f}`, 'utf8')) as object)),
    );
    const all = areas.flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it('have the same keys in Chinese and English, none empty', () => {
    expect(keys(zh as Tree).sort()).toEqual(keys(en as Tree).sort());
    for (const tree of [zh, en]) for (const k of keys(tree as Tree)) expect(k.split('.').reduce<unknown>((t, p) => (t as Tree)[p], tree)).not.toBe('');
  });

  it('cover every key the web code asks for, including one per session kind', () => {
    const known = new Set(keys(en as Tree));
    const used = new Set<string>();
    for (const file of files('web')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*['"]([\w.]+)['"]/g)) used.add(m[1]!);
    }
    for (const kind of SESSION_KINDS) used.add(`session.kind.${kind}`);
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });

  it('follows the browser: Chinese for any zh tag, English otherwise, a stored choice first', () => {
    expect(detectLanguage(null, ['zh-TW', 'en'])).toBe('zh');
    expect(detectLanguage(null, ['fr-FR', 'en-US'])).toBe('en');
    expect(detectLanguage(null, ['fr-FR'])).toBe('en');
    expect(detectLanguage('zh', ['en-US'])).toBe('zh');
  });
});
