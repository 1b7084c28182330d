import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runHuiwu } from '../support/cli.js';
import { FACES_DIR as BBT, HAVE_FACES as HAVE_DATA, needingFaces } from '../support/faces.js';

/** The CLI as a user runs it: `huiwu face compare …` from the built CLI (no database is opened). */

const huiwu = runHuiwu;

const dir = mkdtempSync(join(tmpdir(), 'huiwu-face-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// each case starts a child process that loads the face model: give it the time a busy 2-core machine needs
describe('huiwu face compare', { timeout: 120_000 }, () => {
  it('refuses an unknown action and a single image with exit 2', async () => {
    const unknown = await huiwu(['face', 'enrol', 'a.png', 'b.png']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown action "enrol"');
    const one = await huiwu(['face', 'compare', 'a.png']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('give two images');
  });
});

describe.skipIf(!HAVE_DATA)(needingFaces('huiwu face compare on real photos'), { timeout: 120_000 }, () => {
  it('prints { faces, similarity, match, threshold } for two crops of the same person', async () => {
    const r = await huiwu(['face', 'compare', join(BBT, 'amy', 'amy1.png'), join(BBT, 'amy', 'amy2.png'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['faces', 'match', 'similarity', 'threshold']);
    expect(out['faces']).toEqual([1, 1]);
    expect(out['match']).toBe(true);
    expect(out['threshold']).toBe(0.5);
    expect(out['similarity']).toBeGreaterThan(0.5);
    expect(out['similarity']).toBeLessThanOrEqual(1);
  });

  it('refuses a file that is not an image with a clear message and exit 2', async () => {
    const r = await huiwu(['face', 'compare', join(BBT, 'amy', 'amy1.png'), join(ROOT, 'package.json'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a readable image');
    expect(r.stderr).toContain('[not_an_image]');
    expect(r.stdout).toBe('');
  });

  it('answers --pairs with one row per CSV line, paths relative to the CSV, a per-row error and null similarity without a face', async () => {
    const grey = join(dir, 'grey.png');
    const { default: sharp } = await import('sharp');
    await sharp({ create: { width: 200, height: 200, channels: 3, background: '#808080' } }).png().toFile(grey);
    const csv = join(dir, 'pairs.csv');
    writeFileSync(
      csv,
      [
        'a,b',
        `${join(BBT, 'sheldon', 'sheldon1.png')},${join(BBT, 'sheldon', 'sheldon3.png')}`,
        `${join(BBT, 'leonard', 'leonard1.png')},${join(BBT, 'howard', 'howard1.png')}`,
        `grey.png,${join(BBT, 'raj', 'raj1.png')}`,
        `missing.png,${join(BBT, 'raj', 'raj1.png')}`,
      ].join('\n'),
    );
    const r = await huiwu(['face', 'compare', '--pairs', csv, '--json'], 240_000);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(4);
    expect(rows.map((x) => x['match'])).toEqual([true, false, false, false]);
    expect(rows[0]!['faces']).toEqual([1, 1]);
    expect(rows[1]!['similarity']).toBeLessThan(0.5);
    expect(rows[2]).toMatchObject({ a: 'grey.png', faces: [0, 1], similarity: null, match: false, threshold: 0.5 });
    expect(rows[3]).toMatchObject({ a: 'missing.png', similarity: null, match: false, error: { code: 'file_not_found' } });

    const table = await huiwu(['face', 'compare', '--pairs', csv], 240_000);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('threshold (similarity): 0.5');
    expect(table.stdout).toContain('error: file_not_found');
  }, 500_000);
});
