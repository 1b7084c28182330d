import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compareFaces,
  embedFaces,
  FACE_MATCH_DISTANCE,
  FACE_MATCH_THRESHOLD,
  FaceEngineError,
  FaceIndex,
  MAX_IMAGE_PIXELS,
  similarityFromDistance,
  type EmbeddedFace,
} from '../../src/engines/face/index.js';
import { FACES_ROOT, HAVE_FACES, needingFaces, sampleGroup, samplePortrait } from '../support/faces.js';

const FACES = FACES_ROOT;
const HAVE_DATA = HAVE_FACES;

interface Crop {
  file: string;
  identity: string;
}
const crops: Crop[] = HAVE_DATA
  ? readFileSync(join(FACES, 'identities.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter(([, id]) => !id!.startsWith('MULTI:'))
      .map(([file, identity]) => ({ file: file!, identity: identity! }))
  : [];

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    if (err instanceof FaceEngineError) return err.code;
    throw err;
  }
}

describe('face similarity scale', () => {
  it('puts the fixed threshold distance of 0.6 at similarity 0.5, identical at 1 and twice the distance at 0', () => {
    expect(FACE_MATCH_DISTANCE).toBe(0.6);
    expect(FACE_MATCH_THRESHOLD).toBe(0.5);
    expect(similarityFromDistance(0)).toBe(1);
    expect(similarityFromDistance(0.6)).toBeCloseTo(0.5, 12);
    expect(similarityFromDistance(1.2)).toBe(0);
    expect(similarityFromDistance(3)).toBe(0);
  });
});

describe('face engine refusals', () => {
  it('refuses bytes that are not an image with not_an_image', async () => {
    expect(await codeOf(embedFaces(Buffer.from('this is not an image, just text'.repeat(20))))).toBe('not_an_image');
    expect(await codeOf(embedFaces(new Uint8Array(0)))).toBe('not_an_image');
  });

  it('refuses a JPEG cut in half with truncated_image', async () => {
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a7' } })
      .composite([{ input: Buffer.from('<svg width="640" height="480"><circle cx="320" cy="240" r="200" fill="#d94"/></svg>') }])
      .jpeg()
      .toBuffer();
    expect(await codeOf(embedFaces(jpeg.subarray(0, Math.floor(jpeg.length / 2))))).toBe('truncated_image');
  });

  it('refuses an image of more than MAX_IMAGE_PIXELS with image_too_large', async () => {
    const side = Math.ceil(Math.sqrt(MAX_IMAGE_PIXELS)) + 10;
    const png = await sharp({ create: { width: side, height: side, channels: 3, background: '#888' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(await codeOf(embedFaces(png))).toBe('image_too_large');
  }, 30_000);

  it('finds no face in a flat grey image', async () => {
    const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#7f7f7f' } }).png().toBuffer();
    expect(await embedFaces(png)).toEqual([]);
  }, 60_000);
});

describe('face engine on the sample photo that ships in the @vladmandic/face-api package', () => {
  it('finds the three faces of sample1.jpg and matches the left one, cut out as a portrait, to itself alone', async () => {
    const group = await embedFaces(await sampleGroup());
    expect(group).toHaveLength(3);
    const [portrait, ...more] = await embedFaces(await samplePortrait());
    expect(more).toEqual([]);
    // the portrait is the crop at x 202…802 of the group: its face is the group's left one (x ≈ 414)
    const matches = group.filter((g) => compareFaces(portrait!.descriptor, g.descriptor).match).map((g) => Math.round(g.box.x / 100));
    expect(matches).toEqual([4]);
  }, 60_000);
});

describe.skipIf(!HAVE_DATA)(needingFaces('face engine on real photos'), () => {
  const byFile = new Map<string, EmbeddedFace[]>();
  const one = (name: string) => {
    const f = [...byFile.entries()].find(([file]) => file.endsWith(`/${name}.png`));
    if (!f?.[1][0]) throw new Error(`no face in ${name}`);
    return f[1][0].descriptor;
  };

  beforeAll(async () => {
    for (const c of crops) byFile.set(c.file, await embedFaces(readFileSync(join(FACES, c.file))));
  }, 240_000);

  it('finds exactly one face with a 128-value descriptor in each of the 40 aligned crops', () => {
    expect(crops).toHaveLength(40);
    for (const c of crops) {
      const found = byFile.get(c.file)!;
      expect(found, c.file).toHaveLength(1);
      expect(found[0]!.descriptor).toBeInstanceOf(Float32Array);
      expect(found[0]!.descriptor).toHaveLength(128);
      expect(found[0]!.score).toBeGreaterThan(0.5);
    }
  });

  it.each([
    ['amy1', 'amy2'],
    ['sheldon1', 'sheldon3'],
    ['penny1', 'penny5'],
    ['raj2', 'raj4'],
  ])('matches %s with %s (same person)', (a, b) => {
    const r = compareFaces(one(a), one(b));
    expect(r.match).toBe(true);
    expect(r.similarity).toBeGreaterThanOrEqual(FACE_MATCH_THRESHOLD);
    expect(r.threshold).toBe(FACE_MATCH_THRESHOLD);
  });

  it.each([
    ['amy1', 'penny1'],
    ['leonard1', 'howard1'],
    ['sheldon2', 'raj1'],
    ['bernadette1', 'stuart1'],
  ])('does not match %s with %s (different people)', (a, b) => {
    const r = compareFaces(one(a), one(b));
    expect(r.match).toBe(false);
    expect(r.similarity).toBeLessThan(FACE_MATCH_THRESHOLD);
  });

  it('matches 79 of the 80 genuine pairs and 1 of the 700 impostor pairs at the fixed threshold', () => {
    let genuine = 0;
    let genuineMatched = 0;
    let impostor = 0;
    let impostorMatched = 0;
    for (let i = 0; i < crops.length; i++) {
      for (let j = i + 1; j < crops.length; j++) {
        const same = crops[i]!.identity === crops[j]!.identity;
        const { match } = compareFaces(byFile.get(crops[i]!.file)![0]!.descriptor, byFile.get(crops[j]!.file)![0]!.descriptor);
        if (same) {
          genuine++;
          if (match) genuineMatched++;
        } else {
          impostor++;
          if (match) impostorMatched++;
        }
      }
    }
    expect([genuine, impostor]).toEqual([80, 700]);
    // measured: the miss is stuart2–stuart5 (distance 0.626), the false match amy4–bernadette3 (0.596)
    expect(genuineMatched).toBe(79);
    expect(impostorMatched).toBe(1);
  });

  it('finds the one face of a gate-camera frame with the tiny detector too, and matches it to an enrolled crop', async () => {
    const frame = await sharp(join(FACES, 'face-api-js_bbt', 'sheldon', 'sheldon2.png'))
      .removeAlpha()
      .extend({ top: 120, bottom: 210, left: 245, right: 245, background: { r: 90, g: 100, b: 110 } })
      .jpeg({ quality: 90 })
      .toBuffer();
    for (const detector of ['ssd', 'tiny'] as const) {
      const found = await embedFaces(frame, { detector });
      expect(found, detector).toHaveLength(1);
      expect(compareFaces(found[0]!.descriptor, one('sheldon1')).match, detector).toBe(true);
      expect(compareFaces(found[0]!.descriptor, one('leonard1')).match, detector).toBe(false);
    }
  }, 60_000);

  it('finds several faces, largest first, in a group scene', async () => {
    const found = await embedFaces(readFileSync(join(FACES, 'face-api-js_bbt', 'groups', 'bbt1.jpg')));
    expect(found.length).toBeGreaterThanOrEqual(3);
    const areas = found.map((f) => f.box.width * f.box.height);
    expect(areas).toEqual([...areas].sort((a, b) => b - a));
    for (const f of found) expect(f.descriptor).toHaveLength(128);
  }, 60_000);

  it('identifies each person among the enrolled crops plus 10,000 random unit vectors, with a margin', () => {
    const index = new FaceIndex<string>();
    // enrol the first crop of each person; probe with the second
    const people = [...new Set(crops.map((c) => c.identity))];
    for (const id of people) index.add(id, byFile.get(crops.find((c) => c.identity === id)!.file)![0]!.descriptor);
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (let n = 0; n < 10_000; n++) {
      const v = Float32Array.from({ length: 128 }, rand);
      const norm = Math.hypot(...v);
      index.add(`random-${n}`, v.map((x) => x / norm));
    }
    expect(index.size).toBe(10_008);
    for (const id of people) {
      const probe = byFile.get(crops.filter((c) => c.identity === id)[1]!.file)![0]!.descriptor;
      const r = index.identify(probe, 3);
      expect(r.best?.key, id).toBe(id);
      expect(r.match).toBe(true);
      expect(r.hits).toHaveLength(3);
      expect(r.margin).toBeGreaterThan(0);
      expect(r.margin).toBeCloseTo(r.hits[0]!.similarity - r.hits[1]!.similarity, 12);
    }
  });
});

describe('FaceIndex', () => {
  it('returns distinct keys nearest first, removes a key at once, and answers an empty index with no match', () => {
    const index = new FaceIndex<string>(1);
    const v = (x: number) => Float32Array.from({ length: 128 }, (_, i) => (i === 0 ? x : 0));
    expect(index.identify(v(0), 2)).toEqual({ hits: [], best: null, margin: 0, match: false });
    index.add('a', v(0.1));
    index.add('a', v(0.0));
    index.add('b', v(0.5));
    index.add('c', v(2));
    const r = index.identify(v(0), 2);
    expect(r.hits.map((h) => h.key)).toEqual(['a', 'b']);
    expect(r.hits[0]!.distance).toBe(0);
    expect(r.margin).toBeCloseTo(1 - similarityFromDistance(0.5), 6);
    expect(index.remove('a')).toBe(2);
    expect(index.identify(v(0), 1).best?.key).toBe('b');
    expect(index.size).toBe(2);
  });
});
