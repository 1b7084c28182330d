/** The face engine: detection, 128-d descriptors, 1:1 comparison against a fixed threshold, 1:N search. */
export { createFaceDetector, MIN_FACE_SCORE, type FaceBox, type FaceDetector, type RgbImage } from './detect-faces.js';
export {
  decodeForFaces,
  embedFaces,
  FaceEngineError,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  warmFaceEngine,
  WORK_LONG_SIDE,
  type EmbeddedFace,
  type EmbedOptions,
  type FaceDetectorKind,
  type FaceEngineErrorCode,
} from './embed-faces.js';
export {
  compareFaces,
  DESCRIPTOR_LENGTH,
  FACE_MATCH_DISTANCE,
  FACE_MATCH_THRESHOLD,
  faceDistance,
  similarityFromDistance,
  type FaceComparison,
} from './compare-faces.js';
export { FaceIndex, type Identification, type IndexHit } from './face-index.js';
