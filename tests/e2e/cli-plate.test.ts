import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runHuiwu } from '../support/cli.js';

/** `huiwu plate read` as a user runs it: a child process of the built CLI (tests/support/cli.ts). */
const DIR = join(ROOT, 'tests/fixtures/plates');

const tmp = mkdtempSync(join(tmpdir(), 'huiwu-plate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const huiwu = runHuiwu;

describe('huiwu plate read', () => {
  it('--json gives one entry per image, a bad file with its error code', { timeout: 150_000 }, async () => {
    const bad = join(tmp, 'not-an-image.jpg');
    writeFileSync(bad, 'garbage');
    const green = join(DIR, 'images/crop_02.jpg');
    const none = join(DIR, 'no-plate/np0.jpg');
    const r = await huiwu(['plate', 'read', green, none, bad, '--json']);
    const out = JSON.parse(r.stdout) as Array<{
      image: string;
      plates: Array<{ text: string; confidence: number }>;
      ms: number;
      error?: { code: string };
    }>;
    expect(out.map((e) => e.image)).toEqual([green, none, bad]);
    expect(out[0]!.plates.map((p) => p.text)).toEqual(['皖KD01833']);
    expect(out[0]!.plates[0]!.confidence).toBeGreaterThan(0.5);
    expect(out[0]!.ms).toBeGreaterThan(0);
    expect(out[1]!.plates).toEqual([]);
    expect(out[2]!.error?.code).toBe('not_an_image');
    expect(r.code).toBe(1);
  });

  it('prints a table without --json', { timeout: 150_000 }, async () => {
    const r = await huiwu(['plate', 'read', join(DIR, 'images/crop_04.jpg')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^image\s+plate\s+confidence\s+ms/);
    expect(r.stdout).toContain('冀D5L690');
  });
});
