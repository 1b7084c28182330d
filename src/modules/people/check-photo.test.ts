import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FACES_DIR, HAVE_FACES, needingFaces } from '../../../tests/support/faces.js';
import { checkPhoto } from './check-photo.js';

/** Portrait crops (3:4-ish, full height) at the left, middle and right of each real group scene. */
async function portraitCrops(): Promise<Array<[string, Buffer]>> {
  const out: Array<[string, Buffer]> = [];
  for (const name of readdirSync(join(FACES_DIR, 'groups')).sort()) {
    const file = join(FACES_DIR, 'groups', name);
    const { width = 0, height = 0 } = await sharp(file).metadata();
    const w = Math.round(height * 0.78);
    for (const left of [0, Math.round((width - w) / 2), width - w]) {
      out.push([`${name}@${left}`, await sharp(file).extract({ left, top: 0, width: w, height }).jpeg({ quality: 90 }).toBuffer()]);
    }
  }
  return out;
}

const codeOf = async (photo: Buffer) => {
  const r = await checkPhoto(photo);
  return r.ok ? 'accepted' : r.code;
};

describe.skipIf(!HAVE_FACES)(needingFaces('registration photo checks on the real photos of the face set'), () => {
  it('accepts every portrait crop of the real scenes that is 300 px wide, and refuses each one blurred (sigma 3) as blurry', async () => {
    const crops = await portraitCrops();
    expect(crops).toHaveLength(15);
    for (const [name, crop] of crops) {
      const { width = 0 } = await sharp(crop).metadata();
      // bbt3.jpg is 383 px high: its 299 px wide crops are just under the minimum
      expect(`${name}: ${await codeOf(crop)}`).toBe(`${name}: ${width >= 300 ? 'accepted' : 'photo_too_small'}`);
      if (width < 300) continue;
      expect(`${name} blurred: ${await codeOf(await sharp(crop).blur(3).jpeg().toBuffer())}`).toBe(`${name} blurred: photo_blurry`);
    }
  }, 60_000);

  it('refuses every 150 px face crop as too small, and reads at least 35 of the 40 upscaled to 450 px as blurry', async () => {
    const people = readdirSync(FACES_DIR).filter((d) => d !== 'groups');
    let upscaledBlurry = 0;
    for (const person of people) {
      for (const file of readdirSync(join(FACES_DIR, person))) {
        const crop = await sharp(join(FACES_DIR, person, file)).toBuffer();
        expect(await codeOf(crop)).toBe('photo_too_small');
        if ((await codeOf(await sharp(crop).resize(450, 450).jpeg().toBuffer())) === 'photo_blurry') upscaledBlurry++;
      }
    }
    // 40 crops: an upscaled thumbnail is soft, and nearly all of them read so
    expect(upscaledBlurry).toBeGreaterThanOrEqual(35);
  }, 60_000);

  it('turns a photo upright by its EXIF orientation and stores a JPEG of at most 1200 px without metadata', async () => {
    // the camera stored the portrait sideways (2100×1560) and said so in EXIF: orientation 6, turn 90° clockwise
    const upright = await sharp(join(FACES_DIR, 'groups', 'bbt1.jpg')).extract({ left: 820, top: 0, width: 520, height: 700 }).resize(1560, 2100).png().toBuffer();
    const sideways = await sharp(upright).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
    expect((await sharp(sideways).metadata()).width).toBe(2100);
    const r = await checkPhoto(sideways);
    if (!r.ok) throw new Error(r.code);
    const meta = await sharp(r.value.jpeg).metadata();
    expect([meta.format, meta.width, meta.height, meta.orientation, meta.exif]).toEqual(['jpeg', 891, 1200, undefined, undefined]);
  });
});
