import { describe, expect, it } from 'vitest';
import { estimatePose, type Point } from './face-pose.js';

/** A frontal face in the 68-point layout: jaw from x −1 to 1, eyes at ±0.4, the nose tip (30) on the midline. */
function frontal(noseX = 0): Point[] {
  const points: Point[] = Array.from({ length: 68 }, () => ({ x: 0, y: 0.3 }));
  for (let i = 0; i <= 16; i++) points[i] = { x: -1 + (2 * i) / 16, y: 0.2 * Math.abs(8 - i) - 1.2 + 1.2 };
  for (let i = 36; i < 42; i++) points[i] = { x: -0.4 + 0.05 * Math.cos(i), y: -0.2 + 0.03 * Math.sin(i) };
  for (let i = 42; i < 48; i++) points[i] = { x: 0.4 + 0.05 * Math.cos(i), y: -0.2 + 0.03 * Math.sin(i) };
  points[30] = { x: noseX, y: 0.1 };
  return points;
}

const turn = (points: Point[], deg: number): Point[] => {
  const a = (deg * Math.PI) / 180;
  return points.map((p) => ({ x: p.x * Math.cos(a) - p.y * Math.sin(a) + 5, y: p.x * Math.sin(a) + p.y * Math.cos(a) + 3 }));
};

describe('head pose from 68 landmarks', () => {
  it('reads a frontal face as roll 0 and yaw 0', () => {
    const pose = estimatePose(frontal());
    expect(Math.abs(pose.rollDeg)).toBeLessThan(1);
    expect(Math.abs(pose.yaw)).toBeLessThan(0.01);
  });

  it('reads the tilt of the eye line as roll, without taking it for a turn', () => {
    for (const deg of [-35, -10, 20, 40]) {
      const pose = estimatePose(turn(frontal(), deg));
      expect(pose.rollDeg).toBeCloseTo(deg, 0);
      expect(Math.abs(pose.yaw)).toBeLessThan(0.01);
    }
  });

  it('reads a nose off the midline as yaw, signed, also on a tilted face', () => {
    expect(estimatePose(frontal(0.6)).yaw).toBeCloseTo(0.6, 2);
    expect(estimatePose(frontal(-0.3)).yaw).toBeCloseTo(-0.3, 2);
    expect(estimatePose(turn(frontal(0.6), 25)).yaw).toBeCloseTo(0.6, 2);
    expect(estimatePose(frontal(1.5)).yaw).toBe(1);
  });

  it('refuses anything but 68 points', () => {
    expect(() => estimatePose(frontal().slice(0, 67))).toThrow(RangeError);
  });
});
