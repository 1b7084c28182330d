import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { FACES_DIR as FACES, HAVE_FACES as HAVE_DATA, needingFaces, samplePortrait } from '../../../tests/support/faces.js';
import { createFaceDetector, type FaceBox } from './detect-faces.js';

const NO_FACE = join(import.meta.dirname, '../../../tests/fixtures/plates/no-plate');

const detector = createFaceDetector();

async function find(img: Sharp): Promise<{ boxes: FaceBox[]; width: number; height: number; ms: number }> {
  const { data, info } = await img.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const t0 = performance.now();
  const boxes = await detector.findFaces({ data, width: info.width, height: info.height });
  return { boxes, width: info.width, height: info.height, ms: performance.now() - t0 };
}

/** a 150 px face crop of the set on a 300×400 grey portrait canvas, as a registration photo frames a face */
const portrait = (person: string, n: number) =>
  sharp(join(FACES, person, `${person}${n}.png`)).extend({ top: 100, bottom: 150, left: 75, right: 75, background: '#808080' });

describe('face detector on photos that ship with the repository or npm', () => {
  it('finds the one face of the portrait cut from the face-api package\'s sample photo, where SSD placed it', async () => {
    const { boxes, width, height } = await find(sharp(await samplePortrait()));
    expect([width, height]).toEqual([390, 520]);
    expect(boxes).toHaveLength(1);
    // the face at ~414,355 (177 × 240) of sample1.jpg, after the crop at (202,125) and the scale of 0.65
    const [b] = boxes as [FaceBox];
    expect(b.score).toBeGreaterThan(0.9);
    expect(Math.abs(b.x + b.width / 2 - 195)).toBeLessThan(20);
    expect(Math.abs(b.y + b.height / 2 - 228)).toBeLessThan(25);
  });

  it.each(readdirSync(NO_FACE).sort().slice(0, 3))('finds no face in %s, a street photo without people', async (file) => {
    const { boxes } = await find(sharp(join(NO_FACE, file)));
    expect(boxes).toEqual([]);
  });

  it('finds no face in a flat grey image', async () => {
    const { boxes } = await find(sharp({ create: { width: 400, height: 500, channels: 3, background: '#7f7f7f' } }));
    expect(boxes).toEqual([]);
  });

  it('refuses a buffer that is not width × height × 3 bytes of RGB', async () => {
    await expect(detector.findFaces({ data: Buffer.alloc(10), width: 10, height: 10 })).rejects.toThrow(/RGB/);
  });
});

const PEOPLE = (HAVE_DATA ? readdirSync(FACES) : []).filter((d) => d !== 'groups').sort();

describe.skipIf(!HAVE_DATA)(needingFaces('face detector on real photos'), () => {
  beforeAll(async () => {
    await find(portrait('penny', 1)); // loads the model once: the timings below are of warm runs
  }, 60_000);

  it.each(PEOPLE)('finds exactly one face, of plausible size and position, in portraits of %s', async (person) => {
    for (const n of [1, 2, 3]) {
      const { boxes } = await find(portrait(person, n));
      expect(boxes, `${person}${n}`).toHaveLength(1);
      const [b] = boxes as [FaceBox];
      // the crop is 150 px and shows the face from chin to hairline, placed at (75, 100) on the canvas
      expect(b.score).toBeGreaterThan(0.5);
      expect(b.height).toBeGreaterThan(90);
      expect(b.height).toBeLessThan(200);
      expect(b.width).toBeGreaterThan(70);
      expect(b.x + b.width / 2).toBeGreaterThan(100);
      expect(b.x + b.width / 2).toBeLessThan(200);
      expect(b.y + b.height / 2).toBeGreaterThan(125);
      expect(b.y + b.height / 2).toBeLessThan(225);
    }
  });

  it('finds the one face in a portrait cut from a real group scene', async () => {
    const { boxes } = await find(sharp(join(FACES, 'groups', 'bbt1.jpg')).extract({ left: 820, top: 0, width: 520, height: 700 }));
    expect(boxes).toHaveLength(1);
    expect(boxes[0]!.height).toBeGreaterThan(100);
  });

  it('finds two faces when two portraits are put side by side', async () => {
    const left = await portrait('sheldon', 1).png().toBuffer();
    const right = await portrait('amy', 2).png().toBuffer();
    const pair = sharp({ create: { width: 600, height: 400, channels: 3, background: '#808080' } }).composite([
      { input: left, left: 0, top: 0 },
      { input: right, left: 300, top: 0 },
    ]);
    const { boxes } = await find(sharp(await pair.png().toBuffer()));
    expect(boxes).toHaveLength(2);
    const centres = boxes.map((b) => b.x + b.width / 2).sort((a, b) => a - b);
    expect(centres[0]).toBeLessThan(300);
    expect(centres[1]).toBeGreaterThan(300);
  });

});
