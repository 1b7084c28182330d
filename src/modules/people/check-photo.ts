import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { ok, refuse, type Result } from '../../platform/result.js';

/**
 * A face detector, as the face engine of issue 6 will provide it (src/engines/face/). Registration checks the
 * face's size only when one is plugged in: without a detector the photo's quality is checked (size, shape,
 * focus, exposure) but not that it shows one large enough face, and the upload says `faceChecked: false`.
 * Nothing here pretends to find faces.
 */
export interface FaceFinder {
  /** faces in an RGB image (3 channels, row-major), as boxes in its pixels */
  findFaces(image: { data: Buffer; width: number; height: number }): Promise<Array<{ x: number; y: number; width: number; height: number; score: number }>>;
}

/** Limits of a registration photo; the blur threshold is calibrated below. */
export const PHOTO_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 40_000_000,
  /** the shorter side: a badge prints the photo at ~25 mm, and a face check needs a face of ≥ 112 px */
  minSide: 300,
  /** width ÷ height: portrait up to square, with a little slack for phone crops */
  minAspect: 0.5,
  maxAspect: 1.2,
  /**
   * Variance of the Laplacian of the greyscale photo scaled to fit 600 px. Calibrated on real photos (portrait
   * crops of the group scenes of the face photos the tests use): sharp ones measure 375–2085; the same blurred
   * by sharp with sigma 1 measure 80–220, sigma 2 16–39, sigma 3 8–15; 150 px face crops upscaled to 450 px
   * measure 7–70. 50 lies between a slightly soft photo and an out-of-focus one.
   */
  minSharpness: 50,
  /** mean grey level, 0–255: the real photos measure 66–167 */
  minBrightness: 40,
  maxBrightness: 220,
  /** the stored photo's longer side */
  storedSide: 1200,
  /** with a face detector: the face's height as a share of the photo's */
  minFaceShare: 0.2,
} as const;

const FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'heif', 'avif', 'tiff']);

export interface CheckedPhoto {
  jpeg: Buffer;
  width: number;
  height: number;
  faceChecked: boolean;
}

async function sharpness(img: Sharp): Promise<number> {
  const { data } = await img
    .clone()
    .greyscale()
    .resize({ width: 600, height: 600, fit: 'inside', withoutEnlargement: true })
    // offset 128 keeps the Laplacian's negative half inside the 8-bit output
    .convolve({ width: 3, height: 3, kernel: [0, 1, 0, 1, -4, 1, 0, 1, 0], scale: 1, offset: 128 })
    .raw()
    .toBuffer({ resolveWithObject: true });
  let sum = 0;
  let squares = 0;
  for (const v of data) {
    sum += v;
    squares += v * v;
  }
  const mean = sum / data.length;
  return squares / data.length - mean * mean;
}

const isTruncation = (err: unknown) => /premature|truncat|corrupt|unexpected end|end of (file|stream)|incomplete|bad huffman|read error/i.test(String((err as Error)?.message ?? err));

/**
 * Judges a registration photo by its content, never its name or declared type, and returns it normalised: EXIF
 * orientation applied, at most 1200 px on the longer side, JPEG without metadata (no GPS position kept).
 */
export async function checkPhoto(input: Buffer, faces: FaceFinder | null = null): Promise<Result<CheckedPhoto>> {
  const L = PHOTO_LIMITS;
  const tooLarge = refuse('photo_too_large', 'photo', { maxMb: L.maxBytes / (1024 * 1024), maxMp: L.maxPixels / 1_000_000 });
  if (input.length > L.maxBytes) return tooLarge;
  if (input.length === 0) return refuse('photo_not_image', 'photo');
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    return refuse('photo_not_image', 'photo');
  }
  if (!meta.format || !FORMATS.has(meta.format) || !meta.width || !meta.height) return refuse('photo_not_image', 'photo');
  if (meta.width * meta.height > L.maxPixels) return tooLarge;

  // failOn 'truncated' refuses a cut-off file that libvips would otherwise decode with a grey lower part
  const img = sharp(input, { failOn: 'truncated', limitInputPixels: L.maxPixels }).rotate();
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await img.clone().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    return isTruncation(err) ? refuse('photo_truncated', 'photo') : refuse('photo_not_image', 'photo');
  }
  const { width, height } = decoded.info;
  if (Math.min(width, height) < L.minSide) return refuse('photo_too_small', 'photo', { width, height, min: L.minSide });
  const aspect = width / height;
  if (aspect < L.minAspect || aspect > L.maxAspect) return refuse('photo_aspect', 'photo', { width, height, max: L.maxAspect });

  const grey = await img.clone().greyscale().stats();
  const brightness = grey.channels[0]?.mean ?? 0;
  if (brightness < L.minBrightness) return refuse('photo_too_dark', 'photo');
  if (brightness > L.maxBrightness) return refuse('photo_too_bright', 'photo');
  if ((await sharpness(img)) < L.minSharpness) return refuse('photo_blurry', 'photo');

  if (faces) {
    const found = await faces.findFaces({ data: decoded.data, width, height });
    if (found.length !== 1) return refuse('photo_face_count', 'photo', { count: found.length });
    if (found[0]!.height < height * L.minFaceShare) return refuse('photo_face_small', 'photo', { min: L.minFaceShare * 100 });
  }

  const out = await img
    .clone()
    .resize({ width: L.storedSide, height: L.storedSide, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  return ok({ jpeg: out.data, width: out.info.width, height: out.info.height, faceChecked: faces !== null });
}
