import { faceApiDetector, type FaceApi } from './load-face-api.js';

/**
 * Face detection for registration photos: @vladmandic/face-api's SSD MobileNet v1 detector, with the weights
 * shipped in its npm package (`model/`), on the tfjs WASM backend (tfjs 4.22.0; the .wasm files ship in
 * @tensorflow/tfjs-backend-wasm). Nothing is downloaded and tfjs-node is never loaded. Chosen over the tiny
 * detector by testing on the real face photos the tests use (tests/support/faces.ts): SSD finds the face in every padded
 * portrait crop (scores 0.99–1.00) where the tiny one misses some, at ~300 ms a photo against ~80 ms.
 * The model loads on the first call (once per process, then one warm-up run), so start-up stays fast.
 */

export interface RgbImage {
  /** 3 channels, row-major */
  data: Buffer;
  width: number;
  height: number;
}

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

export interface FaceDetector {
  findFaces(image: RgbImage): Promise<FaceBox[]>;
}

/** the detector's confidence floor: real faces in portraits score ≥ 0.5, most ≥ 0.95 */
export const MIN_FACE_SCORE = 0.5;

let warm: Promise<FaceApi> | null = null;

/** the detector, warmed up by one run on a small grey image so the first real photo is not the slow one */
function warmDetector(): Promise<FaceApi> {
  warm ??= faceApiDetector()
    .then(async (api) => {
      await detect(api, { data: Buffer.alloc(64 * 64 * 3, 128), width: 64, height: 64 });
      return api;
    })
    .catch((err: unknown) => {
      warm = null;
      throw err;
    });
  return warm;
}

async function detect(api: FaceApi, image: RgbImage): Promise<FaceBox[]> {
  const { data, width, height } = image;
  if (data.length !== width * height * 3) throw new Error(`expected ${width}×${height}×3 bytes of RGB, got ${data.length}`);
  const input = api.tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset, data.length), [height, width, 3], 'int32');
  try {
    const found = await api.detectAllFaces(input, new api.SsdMobilenetv1Options({ minConfidence: MIN_FACE_SCORE, maxResults: 20 }));
    return found.map(({ score, box }) => {
      const x = Math.max(0, box.x);
      const y = Math.max(0, box.y);
      return { x, y, width: Math.min(width, box.x + box.width) - x, height: Math.min(height, box.y + box.height) - y, score };
    });
  } finally {
    input.dispose();
  }
}

/** A face detector; the model is loaded by the first `findFaces` call and shared by every detector of the process. */
export function createFaceDetector(): FaceDetector {
  return {
    async findFaces(image) {
      return detect(await warmDetector(), image);
    },
  };
}
