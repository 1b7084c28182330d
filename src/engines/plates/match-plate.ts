import { normalisePlate } from './plate-grammar.js';

/**
 * Confusion-aware matching of a plate as read against a permit list. Readers (on the camera or ours) swap glyphs
 * that look alike: 0/D/Q, 8/B, 2/Z, 1/I, 5/S, 6/G … Such a swap costs less than any other edit, so "one confusable
 * substitution away" can be told apart from "another car": the first calls an officer, the second is no match.
 */

/** Groups of characters a reader confuses; any two in one group are a confusable pair. */
export const CONFUSABLE_GROUPS: readonly string[] = ['0DQO', '8B', '2Z', '1I', '1L', '1T', '7T', '5S', '6G', '4A', 'MN', 'HN', 'EF', 'KX', 'PR', 'VY', 'UV', 'CG'];

const PAIRS: ReadonlySet<string> = new Set(
  CONFUSABLE_GROUPS.flatMap((g) => [...g].flatMap((a) => [...g].filter((b) => b !== a).map((b) => a + b))),
);

export const CONFUSABLE_COST = 0.5;

export function confusable(a: string, b: string): boolean {
  return PAIRS.has(a + b);
}

/** Weighted edit distance: insert, delete and substitute cost 1, a confusable substitution 0.5. */
export function plateDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const sub = x[i - 1] === y[j - 1] ? 0 : confusable(x[i - 1]!, y[j - 1]!) ? CONFUSABLE_COST : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + sub));
    }
    prev = row;
  }
  return prev[y.length]!;
}

export type PlateMatch<T> =
  | { kind: 'exact'; permit: T; distance: 0 }
  /** one confusable substitution away from exactly one candidate: an officer looks */
  | { kind: 'close'; permit: T; distance: number; candidates: T[] }
  | { kind: 'none' };

/**
 * The best permit for a plate as read. Exact wins; else the permits within one confusable substitution are
 * `close` (the first of them, all listed, so an officer sees every candidate); anything further is no match.
 */
export function matchPlate<T>(read: string, permits: readonly T[], plateOf: (p: T) => string): PlateMatch<T> {
  const plate = normalisePlate(read);
  if (plate === '') return { kind: 'none' };
  const exact = permits.find((p) => normalisePlate(plateOf(p)) === plate);
  if (exact !== undefined) return { kind: 'exact', permit: exact, distance: 0 };
  const close = permits
    .map((p) => ({ p, d: plateDistance(plate, normalisePlate(plateOf(p))) }))
    .filter((c) => c.d <= CONFUSABLE_COST)
    .sort((a, b) => a.d - b.d);
  if (close.length === 0) return { kind: 'none' };
  return { kind: 'close', permit: close[0]!.p, distance: close[0]!.d, candidates: close.map((c) => c.p) };
}
