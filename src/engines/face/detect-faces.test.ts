import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFaceDetector, type FaceBox } from './detect-faces.js';

const TESTDATA = join(process.cwd(), '..', 'shared', 'testdata');
const FACES = join(TESTDATA, 'faces', 'face-api-js_bbt');
const NO_FACE = join(TESTDATA, 'plates', 'no-plate');
const HAVE_DATA = existsSync(FACES) && existsSync(NO_FACE);

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

const PEOPLE = readdirSync(FACES).filter((d) => d !== 'groups').sort();

describe.skipIf(!HAVE_DATA)('face detector on real photos (../shared/testdata)', () => {
  beforeAll(async () => {
    await find(portrait('penny', 1)); // loads the model once: the timings below are of warm runs
  }, 60_000);

  it.each(PEOPLE)('finds exactly one face, of plausible size and position, in portraits of %s', async (person) => {
    for (const n of [1, 2, 3]) {
      const { boxes, ms } = await find(portrait(person, n));
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
      expect(ms).toBeLessThan(5_000);
    }
  });

  it('finds the one face in a portrait cut from a real group scene', async () => {
    const { boxes } = await find(sharp(join(FACES, 'groups', 'bbt1.jpg')).extract({ left: 820, top: 0, width: 520, height: 700 }));
    expect(boxes).toHaveLength(1);
    expect(boxes[0]!.height).toBeGreaterThan(100);
  });

  it.each(readdirSync(NO_FACE).sort().slice(0, 3))('finds no face in %s, a street photo without people', async (file) => {
    const { boxes } = await find(sharp(join(NO_FACE, file)));
    expect(boxes).toEqual([]);
  });

  it('finds no face in a flat grey image', async () => {
    const { boxes } = await find(sharp({ create: { width: 400, height: 500, channels: 3, background: '#7f7f7f' } }));
    expect(boxes).toEqual([]);
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

  it('refuses a buffer that is not width × height × 3 bytes of RGB', async () => {
    await expect(detector.findFaces({ data: Buffer.alloc(10), width: 10, height: 10 })).rejects.toThrow(/RGB/);
  });
});
