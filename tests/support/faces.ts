import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { FACE_PHOTOS_TAG } from './ci.js';

/**
 * The face photos (TV-series stills of face-api.js, MIT; 8 identities × 5 aligned crops + 5 group scenes) are not
 * vendored: they are pictures of real people. They live beside the repository, `../shared/testdata/faces` from its
 * root, or wherever HUIWU_TEST_FACES points. Suites that need them are named with FACE_PHOTOS_TAG and skip when
 * they are absent (the global setup prints the one line that says so), in CI too: .ci/run counts those skips apart.
 * Tests that only need "a real face" use the sample photos @vladmandic/face-api ships in npm (SAMPLE_FACES), so
 * they always run.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FACES_ROOT = process.env.HUIWU_TEST_FACES || join(ROOT, '..', 'shared', 'testdata', 'faces');
/** the crops by identity (`amy/amy1.png` …) and `groups/bbt1.jpg` … */
export const FACES_DIR = join(FACES_ROOT, 'face-api-js_bbt');
export const HAVE_FACES = existsSync(join(FACES_ROOT, 'identities.csv')) && existsSync(FACES_DIR);
export { FACE_PHOTOS_TAG };

/** The one line a run prints when the face photos are absent. */
export const FACES_ABSENT_LINE = `⚠ face photos not found at ${FACES_ROOT} (set HUIWU_TEST_FACES): skipping the suites marked ${FACE_PHOTOS_TAG}`;

/** A suite name marked as needing the face photos (so a skip is recognisable in the JSON report). */
export const needingFaces = (name: string) => `${name} ${FACE_PHOTOS_TAG}`;

/** Group photos shipped in the @vladmandic/face-api npm package (MIT): always present after npm ci. */
export const SAMPLE_FACES = join(ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo');

/**
 * A real 390 × 520 portrait photo that is always there: a 600 × 800 crop around the one person at the left of the
 * package's `sample1.jpg` (1920 × 1280; SSD finds the face at ~414,355, 177 × 240 px, score 0.99), scaled by 0.65.
 * The face is 30 % of the height, above the face check's 20 %; the neighbours' faces (x ≥ 838) are outside the crop.
 */
export function samplePortrait(): Promise<Buffer> {
  return sharp(join(SAMPLE_FACES, 'sample1.jpg')).extract({ left: 202, top: 125, width: 600, height: 800 }).resize({ width: 390, height: 520 }).jpeg({ quality: 90 }).toBuffer();
}

/** The same face cropped tight to 150 × 200 px: a real face below the 300 px minimum. */
export function sampleFaceCrop(): Promise<Buffer> {
  return sharp(join(SAMPLE_FACES, 'sample1.jpg')).extract({ left: 414, top: 340, width: 180, height: 240 }).resize({ width: 150 }).jpeg({ quality: 90 }).toBuffer();
}

/** The whole group photo: landscape, three faces. */
export function sampleGroup(): Promise<Buffer> {
  return sharp(join(SAMPLE_FACES, 'sample1.jpg')).jpeg({ quality: 90 }).toBuffer();
}
