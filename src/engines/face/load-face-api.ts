import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Loads @vladmandic/face-api once per process on the tfjs WASM backend (tfjs 4.22.0; the .wasm files ship in
 * @tensorflow/tfjs-backend-wasm), with the weights shipped in its npm package (`model/`): nothing is downloaded
 * and tfjs-node is never loaded. The detector (SSD MobileNet v1) loads first; the tiny detector, the 68-point
 * landmarks and the 128-d recognition net load only when a caller needs descriptors, so registration photo
 * checks stay light.
 */

export interface Tensor {
  dispose(): void;
}

export interface RawBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Detection {
  score: number;
  box: RawBox;
}

interface DetectTask extends PromiseLike<Detection[]> {
  withFaceLandmarks(): { withFaceDescriptors(): PromiseLike<Array<{ detection: Detection; landmarks: { positions: Array<{ x: number; y: number }> }; descriptor: Float32Array }>> };
}

/** the part of face-api's node-wasm build used here */
export interface FaceApi {
  tf: {
    setWasmPaths(prefix: string): void;
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    getBackend(): string;
    tensor3d(values: Uint8Array | Int32Array, shape: [number, number, number], dtype: 'int32'): Tensor;
  };
  nets: {
    ssdMobilenetv1: { loadFromDisk(dir: string): Promise<void> };
    faceLandmark68Net: { loadFromDisk(dir: string): Promise<void> };
    faceRecognitionNet: { loadFromDisk(dir: string): Promise<void> };
    tinyFaceDetector: { loadFromDisk(dir: string): Promise<void> };
  };
  TinyFaceDetectorOptions: new (o: { inputSize: number; scoreThreshold: number }) => unknown;
  SsdMobilenetv1Options: new (o: { minConfidence: number; maxResults?: number }) => unknown;
  detectAllFaces(input: Tensor, options: unknown): DetectTask;
}

let detector: Promise<FaceApi> | null = null;
let recogniser: Promise<FaceApi> | null = null;

const modelDir = (require: NodeJS.Require) => join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');

async function loadDetector(): Promise<FaceApi> {
  const require = createRequire(import.meta.url);
  const api = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  // a file path, not a URL: the backend then reads the .wasm from disk instead of fetching it
  api.tf.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  if (!(await api.tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend did not start');
  await api.tf.ready();
  await api.nets.ssdMobilenetv1.loadFromDisk(modelDir(require));
  return api;
}

async function loadRecogniser(): Promise<FaceApi> {
  const api = await faceApiDetector();
  const dir = modelDir(createRequire(import.meta.url));
  await api.nets.faceLandmark68Net.loadFromDisk(dir);
  await api.nets.faceRecognitionNet.loadFromDisk(dir);
  await api.nets.tinyFaceDetector.loadFromDisk(dir);
  return api;
}

/** a load that failed is retried by the next call instead of failing forever */
function once(slot: Promise<FaceApi> | null, set: (p: Promise<FaceApi> | null) => void, load: () => Promise<FaceApi>): Promise<FaceApi> {
  if (slot) return slot;
  const p = load().catch((err: unknown) => {
    set(null);
    throw err;
  });
  set(p);
  return p;
}

/** face-api with the detector loaded */
export function faceApiDetector(): Promise<FaceApi> {
  return once(detector, (p) => (detector = p), loadDetector);
}

/** face-api with both detectors (SSD, tiny), the 68-point landmarks and the 128-d recognition net loaded */
export function faceApiRecogniser(): Promise<FaceApi> {
  return once(recogniser, (p) => (recogniser = p), loadRecogniser);
}
