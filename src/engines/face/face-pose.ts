/**
 * Head pose from face-api's 68 landmarks (the iBUG 300-W layout): roll from the line through the eye centres,
 * and a yaw index from where the nose tip sits between the two ends of the jaw line once the roll is taken out.
 * A frontal face has roll ≈ 0° and yaw ≈ 0; a face turned to a profile has |yaw| → 1. This is geometry on 2-D
 * points, not a 3-D fit: good enough to refuse a turned or tilted enrolment photo with a clear reason.
 */

export interface Point {
  x: number;
  y: number;
}

export interface FacePose {
  /** degrees, positive when the face's right eye (image left) is lower */
  rollDeg: number;
  /** −1 … 1: 0 frontal, ±1 the nose at the edge of the face (a profile) */
  yaw: number;
}

const mean = (points: Point[]): Point => ({ x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length });

export function estimatePose(landmarks: readonly Point[]): FacePose {
  if (landmarks.length !== 68) throw new RangeError(`68 landmarks expected, got ${landmarks.length}`);
  const eyeA = mean(landmarks.slice(36, 42));
  const eyeB = mean(landmarks.slice(42, 48));
  const roll = Math.atan2(eyeB.y - eyeA.y, eyeB.x - eyeA.x);
  // turn every point by −roll about the eyes' midpoint, so the jaw ends and nose compare along one axis
  const c = mean([eyeA, eyeB]);
  const cos = Math.cos(-roll);
  const sin = Math.sin(-roll);
  const along = (p: Point) => (p.x - c.x) * cos - (p.y - c.y) * sin;
  const jawA = along(landmarks[0]!);
  const jawB = along(landmarks[16]!);
  const nose = along(landmarks[30]!);
  const width = jawB - jawA;
  const yaw = width > 0 ? Math.max(-1, Math.min(1, ((nose - jawA) / width - 0.5) * 2)) : 1;
  return { rollDeg: (roll * 180) / Math.PI, yaw };
}
