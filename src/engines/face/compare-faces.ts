/**
 * Similarity between face descriptors of @vladmandic/face-api. The model was trained so that two photos of one
 * person lie closer than 0.6 in Euclidean distance (face-api's and dlib's documented threshold); that distance
 * is fixed here beforehand and never tuned on a test set. The 0–1 similarity is a linear map of the distance
 * that puts the threshold at exactly 0.5: similarity = max(0, 1 − distance / (2 × 0.6)).
 */

/** the Euclidean distance below which two descriptors are the same person (face-api's documented 0.6) */
export const FACE_MATCH_DISTANCE = 0.6;
/** the same threshold on the similarity scale: a match is similarity ≥ this */
export const FACE_MATCH_THRESHOLD = 0.5;
export const DESCRIPTOR_LENGTH = 128;

export function faceDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`descriptors of ${a.length} and ${b.length} values`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** 1 for identical descriptors, 0.5 at the fixed threshold distance, 0 from twice that distance on */
export function similarityFromDistance(distance: number): number {
  return Math.max(0, 1 - distance / (2 * FACE_MATCH_DISTANCE));
}

export interface FaceComparison {
  distance: number;
  similarity: number;
  match: boolean;
  threshold: number;
}

/** 1:1 verification of two descriptors against the fixed threshold */
export function compareFaces(a: ArrayLike<number>, b: ArrayLike<number>): FaceComparison {
  const distance = faceDistance(a, b);
  const similarity = similarityFromDistance(distance);
  return { distance, similarity, match: distance < FACE_MATCH_DISTANCE, threshold: FACE_MATCH_THRESHOLD };
}
