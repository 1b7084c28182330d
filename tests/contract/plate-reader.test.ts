import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePlate, makeVocabulary, type StepProbabilities } from '../../src/engines/plates/plate-decoder.js';
import { PlateReaderError, readPlates } from '../../src/engines/plates/read-plates.js';

/**
 * The plate reader on real plates (tests/fixtures/plates): the four HyperLPR crops exactly (a green
 * 8-character new-energy plate and a yellow plate among them), the 200 LPRNet blue-plate crops at the accuracy
 * measured (docs/plates.md), zero plates on the two photos without a plate, and coded refusals of bad input.
 */
const DIR = fileURLToPath(new URL('../fixtures/plates/', import.meta.url));

/** Exact reads measured on the 200 LPRNet crops: 196 (98.0 %); the floor leaves no slack for a regression. */
const LPRNET_EXACT_FLOOR = 196;

function labels(): Array<{ file: string; plate: string; origin: string }> {
  return readFileSync(join(DIR, 'labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [file, plate, origin] = l.split(',');
      return { file: file!, plate: plate!, origin: origin! };
    });
}

describe('plate reader on real plates', () => {
  it('reads the four HyperLPR crops exactly, the green 8-character and the yellow plate included', { timeout: 60_000 }, async () => {
    const crops = labels().filter((l) => l.origin === 'HyperLPR');
    expect(crops.map((c) => c.plate)).toEqual(['津B6H920', '皖KD01833', '蒙B023H6', '冀D5L690']);
    for (const c of crops) {
      const r = await readPlates(readFileSync(join(DIR, c.file)));
      expect(
        r.plates.map((p) => p.text),
        c.file,
      ).toEqual([c.plate]);
      expect(r.plates[0]!.confidence).toBeGreaterThan(0.5);
      expect(r.ms).toBeGreaterThan(0);
    }
  });

  it(`reads at least ${LPRNET_EXACT_FLOOR} of the 200 LPRNet crops exactly`, { timeout: 300_000 }, async () => {
    const crops = labels().filter((l) => l.origin !== 'HyperLPR');
    expect(crops).toHaveLength(200);
    let exact = 0;
    for (const c of crops) {
      const r = await readPlates(readFileSync(join(DIR, c.file)));
      expect(r.plates.length).toBeLessThanOrEqual(1);
      if (r.plates[0]?.text === c.plate) exact++;
    }
    expect(exact).toBeGreaterThanOrEqual(LPRNET_EXACT_FLOOR);
  });

  it('finds zero plates on the photos without a plate', { timeout: 60_000 }, async () => {
    const files = readdirSync(join(DIR, 'no-plate')).filter((f) => /\.jpe?g$/i.test(f));
    expect(files.length).toBe(2);
    for (const f of files) {
      const r = await readPlates(readFileSync(join(DIR, 'no-plate', f)));
      expect(r.plates, f).toEqual([]);
    }
  });

  it('finds and reads a plate in a scene (a crop pasted into a no-plate photo), with its box', { timeout: 60_000 }, async () => {
    const crop = await sharp(join(DIR, 'images/crop_02.jpg')).resize(200).toBuffer();
    const scene = await sharp(join(DIR, 'no-plate/np0.jpg'))
      .composite([{ input: crop, left: 260, top: 800 }])
      .jpeg()
      .toBuffer();
    const r = await readPlates(scene);
    expect(r.plates.map((p) => p.text)).toEqual(['皖KD01833']);
    const box = r.plates[0]!.box!;
    expect(Math.abs(box.x - 260)).toBeLessThan(20);
    expect(Math.abs(box.y - 800)).toBeLessThan(20);
  });

  it('refuses a truncated JPEG with its code', { timeout: 30_000 }, async () => {
    const jpeg = readFileSync(join(DIR, 'no-plate', 'np0.jpg'));
    await expect(readPlates(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).rejects.toMatchObject({ code: 'truncated_image' });
  });
});

describe('plate reader: bad input', () => {
  it('refuses what is not an image, an empty file, and a huge image, with codes', async () => {
    await expect(readPlates(Buffer.from('this is not an image'))).rejects.toBeInstanceOf(PlateReaderError);
    await expect(readPlates(Buffer.from('this is not an image'))).rejects.toMatchObject({ code: 'not_an_image' });
    await expect(readPlates(new Uint8Array(0))).rejects.toMatchObject({ code: 'empty_image' });
    // a real JPEG whose frame header claims 60000×60000: refused from the header, never decoded
    const jpeg = Buffer.from(
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2040a0' } })
        .jpeg()
        .toBuffer(),
    );
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    jpeg.writeUInt16BE(60000, sof + 5);
    jpeg.writeUInt16BE(60000, sof + 7);
    await expect(readPlates(jpeg)).rejects.toMatchObject({ code: 'image_too_large' });
  });
});

describe('plate decoder: the grammar over per-step probabilities', () => {
  // a tiny vocabulary: class 0 is the blank, then these labels
  const labels = ['皖', '京', 'A', 'O', '0', '1', 'I', '2', '3', '4', '5', '6', '·', 'D', '8', 'B'];
  const vocab = makeVocabulary(labels);
  /** one step per entry: the label that step favours (with `p`), optionally a runner-up (with `q`), the rest spread; '' is the blank */
  function steps(seq: Array<[string, number] | [string, number, string, number]>): StepProbabilities {
    const C = labels.length + 1;
    const data = new Float32Array(seq.length * C);
    const idx = (ch: string): number => (ch === '' ? 0 : labels.indexOf(ch) + 1);
    seq.forEach(([ch, p, alt, q], t) => {
      const cls = idx(ch);
      const second = alt === undefined ? -1 : idx(alt);
      const rest = (1 - p - (q ?? 0)) / (C - (second < 0 ? 1 : 2));
      for (let c = 0; c < C; c++) data[t * C + c] = c === cls ? p : c === second ? q! : rest;
    });
    return { data, steps: seq.length, classes: C };
  }
  const blank: [string, number] = ['', 0.9];

  it('reads a plate through blanks and the separator dot', () => {
    const p = steps([['皖', 0.9], blank, ['A', 0.9], ['·', 0.9], ['1', 0.9], blank, ['2', 0.9], ['3', 0.9], ['4', 0.9], ['5', 0.9], blank]);
    expect(decodePlate(p, vocab)?.text).toBe('皖A12345');
  });

  it('settles O/0 and I/1 by the place: no O or I in a serial, no digit in the letter place', () => {
    const p = steps([
      ['皖', 0.9],
      ['A', 0.9],
      ['O', 0.6, '0', 0.3],
      ['I', 0.6, '1', 0.3],
      blank,
      ['2', 0.9],
      ['3', 0.9],
      ['4', 0.9],
      blank,
    ]);
    const d = decodePlate(p, vocab)!;
    expect(d.text).toBe('皖A01234');
    expect(d.confidence).toBeLessThan(0.9);
  });

  it('keeps a doubled character apart only across a blank', () => {
    const p = steps([['京', 0.9], ['B', 0.9], ['8', 0.9], blank, ['8', 0.9], ['6', 0.9], ['D', 0.9], ['1', 0.9], ['1', 0.9], blank]);
    expect(decodePlate(p, vocab)?.text).toBe('京B886D1');
  });

  it('chooses the 8-character shape when the steps hold 8 characters', () => {
    const p = steps([['皖', 0.9], ['A', 0.9], blank, ['D', 0.9], ['1', 0.9], ['2', 0.9], ['3', 0.9], ['4', 0.9], ['5', 0.9], blank]);
    expect(decodePlate(p, vocab)?.text).toBe('皖AD12345');
  });

  it('gives nothing when there are fewer steps than characters', () => {
    expect(
      decodePlate(
        steps([
          ['皖', 0.9],
          ['A', 0.9],
        ]),
        vocab,
      ),
    ).toBeNull();
  });
});
