import sharp from 'sharp';
import { MIN_FACE_SCORE, type FaceBox, type RgbImage } from './detect-faces.js';
import { estimatePose, type FacePose } from './face-pose.js';
import { faceApiRecogniser, type FaceApi } from './load-face-api.js';

/**
 * Detection + 68-point landmarks + 128-d descriptor with @vladmandic/face-api (SSD MobileNet v1, then its
 * ResNet-34-like recognition net on the landmark-aligned face) on the tfjs WASM backend. Images are decoded
 * with sharp; anything that is not a whole image of a sane size is refused with a coded FaceEngineError.
 */

export type FaceEngineErrorCode = 'not_an_image' | 'truncated_image' | 'image_too_large' | 'image_too_small';

export class FaceEngineError extends Error {
  constructor(
    readonly code: FaceEngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FaceEngineError';
  }
}

export interface EmbeddedFace {
  /** in the pixels of the image as given (after EXIF rotation) */
  box: { x: number; y: number; width: number; height: number };
  score: number;
  /** head roll and yaw from the landmarks (src/engines/face/face-pose.ts) */
  pose: FacePose;
  /** 128 values; compare with compareFaces or a FaceIndex */
  descriptor: Float32Array;
}

/**
 * Which detector finds the faces before landmarks and descriptors. `ssd` (SSD MobileNet v1, the default) is
 * the robust one, for photos and tight crops; `tiny` (face-api's tiny detector at 416 px) is ~4× faster and is
 * meant for camera frames, where a face has context around it. Measured on the 40 test crops framed as a gate
 * camera sees them (one face on 640 × 480): tiny finds all 40 and gives 79/80 genuine and 0/700 impostor
 * matches at the fixed threshold, against ~125 ms instead of ~480 ms a frame.
 */
export type FaceDetectorKind = 'ssd' | 'tiny';

export interface EmbedOptions {
  detector?: FaceDetectorKind;
}

/** files above this are refused before decoding */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
/** images above this many pixels (e.g. 8000 × 5000) are refused: a camera frame or a photo is far smaller */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** larger images are scaled down to this long side first: SSD sees 512 × 512 anyway, and faces stay ≥ 100 px */
export const WORK_LONG_SIDE = 1920;
const MIN_SIDE = 32;

/**
 * A tight face crop (the face fills the frame, as the aligned 150 × 150 crops of the test set do) is invisible
 * to SSD, which was trained on faces with context. Measured on those 40 crops: a flat grey border of 0.25 × the
 * side leaves 10 undetected, 0.5 leaves 4, 0.75 one, 1.0 none. So small images (a crop, a badge photo) get a
 * border as wide as their long side; camera frames and larger photos get none (their faces have context).
 */
const CROP_LONG_SIDE = 480;

interface Decoded {
  image: RgbImage;
  /** original pixels per working pixel, and the border added on each side */
  scale: number;
  pad: number;
  width: number;
  height: number;
}

function classify(err: unknown): FaceEngineError {
  const msg = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(msg)) return new FaceEngineError('image_too_large', `image larger than ${MAX_IMAGE_PIXELS} pixels`);
  if (/truncat|premature end|corrupt|VipsJpeg|unexpected end|read error|damaged/i.test(msg)) {
    return new FaceEngineError('truncated_image', `the image is truncated or damaged (${msg.split('\n')[0]})`);
  }
  return new FaceEngineError('not_an_image', `not a readable image (${msg.split('\n')[0]})`);
}

/** decodes, checks and prepares an image for the engine; throws a FaceEngineError on bad input */
export async function decodeForFaces(bytes: Uint8Array): Promise<Decoded> {
  if (bytes.length === 0) throw new FaceEngineError('not_an_image', 'empty input');
  if (bytes.length > MAX_IMAGE_BYTES) throw new FaceEngineError('image_too_large', `image file larger than ${MAX_IMAGE_BYTES} bytes`);
  try {
    const input = sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_IMAGE_PIXELS }).rotate();
    const meta = await sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
    const swap = (meta.orientation ?? 1) >= 5;
    const width = (swap ? meta.height : meta.width) ?? 0;
    const height = (swap ? meta.width : meta.height) ?? 0;
    if (width < MIN_SIDE || height < MIN_SIDE) throw new FaceEngineError('image_too_small', `image smaller than ${MIN_SIDE} × ${MIN_SIDE} pixels`);
    const scale = Math.max(1, Math.max(width, height) / WORK_LONG_SIDE);
    const w = Math.round(width / scale);
    const h = Math.round(height / scale);
    const pad = Math.max(w, h) <= CROP_LONG_SIDE ? Math.max(w, h) : 0;
    const resized = scale > 1 ? input.resize(w, h, { fit: 'fill' }) : input;
    const rgb = resized.removeAlpha().toColourspace('srgb');
    const framed = pad > 0 ? rgb.extend({ top: pad, bottom: pad, left: pad, right: pad, background: { r: 128, g: 128, b: 128 } }) : rgb;
    const { data, info } = await framed
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new FaceEngineError('not_an_image', `unexpected ${info.channels} channels`);
    return { image: { data, width: info.width, height: info.height }, scale, pad, width, height };
  } catch (err) {
    if (err instanceof FaceEngineError) throw err;
    throw classify(err);
  }
}

let warm: Promise<FaceApi> | null = null;

/** the recogniser, warmed up once so that the first real image does not pay for shader/kernel set-up */
export function warmFaceEngine(): Promise<FaceApi> {
  warm ??= faceApiRecogniser()
    .then(async (api) => {
      await run(api, { data: Buffer.alloc(96 * 96 * 3, 128), width: 96, height: 96 }, 'ssd');
      await run(api, { data: Buffer.alloc(96 * 96 * 3, 128), width: 96, height: 96 }, 'tiny');
      return api;
    })
    .catch((err: unknown) => {
      warm = null;
      throw err;
    });
  return warm;
}

async function run(api: FaceApi, image: RgbImage, detector: FaceDetectorKind = 'ssd'): Promise<Array<{ box: FaceBox; pose: FacePose; descriptor: Float32Array }>> {
  const { data, width, height } = image;
  const input = api.tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset, data.length), [height, width, 3], 'int32');
  try {
    const found = await api
      .detectAllFaces(
        input,
        detector === 'tiny'
          ? new api.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: MIN_FACE_SCORE })
          : new api.SsdMobilenetv1Options({ minConfidence: MIN_FACE_SCORE, maxResults: 50 }),
      )
      .withFaceLandmarks()
      .withFaceDescriptors();
    return found.map(({ detection: { box, score }, landmarks, descriptor }) => ({
      // face-api's Box keeps its fields behind getters: copy them one by one
      box: { x: box.x, y: box.y, width: box.width, height: box.height, score },
      pose: estimatePose(landmarks.positions.map((p) => ({ x: p.x, y: p.y }))),
      descriptor,
    }));
  } finally {
    input.dispose();
  }
}

/** Every face found in an encoded image (JPEG, PNG, WebP…), largest first, each with its 128-d descriptor. */
export async function embedFaces(bytes: Uint8Array, opts: EmbedOptions = {}): Promise<EmbeddedFace[]> {
  const decoded = await decodeForFaces(bytes);
  const api = await warmFaceEngine();
  const found = await run(api, decoded.image, opts.detector ?? 'ssd');
  const { scale, pad, width, height } = decoded;
  return found
    .map(({ box, pose, descriptor }) => {
      const x0 = Math.max(0, (box.x - pad) * scale);
      const y0 = Math.max(0, (box.y - pad) * scale);
      const x1 = Math.min(width, (box.x + box.width - pad) * scale);
      const y1 = Math.min(height, (box.y + box.height - pad) * scale);
      return { box: { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) }, score: box.score, pose, descriptor };
    })
    .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
}
