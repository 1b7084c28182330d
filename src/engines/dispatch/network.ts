import type { TravelTime } from './types.js';

/** A directed road link between two stops (indices into the node list), with its driving time and length. */
export interface NetworkLink {
  from: number;
  to: number;
  seconds: number;
  metres: number;
}

export interface ShortestPaths {
  /** seconds[from][to]; Infinity when `to` cannot be reached */
  seconds: Float64Array[];
  metres: Float64Array[];
  /** the next node on the fastest path, -1 when unreachable or from === to */
  next: Int32Array[];
  travel: TravelTime;
  /** the fastest path as node indices, both ends included; [] when unreachable */
  path(from: number, to: number): number[];
}

/**
 * All-pairs fastest paths over the one-way links (Floyd–Warshall: the venue network has tens of stops, so n³ is
 * nothing). Distances follow the fastest path, which is what a cart drives.
 */
export function shortestPaths(nodes: number, links: readonly NetworkLink[]): ShortestPaths {
  const seconds = Array.from({ length: nodes }, (_, i) => {
    const row = new Float64Array(nodes).fill(Infinity);
    row[i] = 0;
    return row;
  });
  const metres = Array.from({ length: nodes }, (_, i) => {
    const row = new Float64Array(nodes).fill(Infinity);
    row[i] = 0;
    return row;
  });
  const next = Array.from({ length: nodes }, () => new Int32Array(nodes).fill(-1));
  for (const l of links) {
    if (l.from === l.to) continue;
    if (l.seconds < seconds[l.from]![l.to]!) {
      seconds[l.from]![l.to] = l.seconds;
      metres[l.from]![l.to] = l.metres;
      next[l.from]![l.to] = l.to;
    }
  }
  for (let k = 0; k < nodes; k++) {
    const sk = seconds[k]!;
    const mk = metres[k]!;
    for (let i = 0; i < nodes; i++) {
      const si = seconds[i]!;
      const via = si[k]!;
      if (via === Infinity) continue;
      const mi = metres[i]!;
      const ni = next[i]!;
      for (let j = 0; j < nodes; j++) {
        const t = via + sk[j]!;
        if (t < si[j]!) {
          si[j] = t;
          mi[j] = mi[k]! + mk[j]!;
          ni[j] = ni[k]!;
        }
      }
    }
  }
  const path = (from: number, to: number): number[] => {
    if (from === to) return [from];
    if (next[from]![to] === -1) return [];
    const out = [from];
    let at = from;
    while (at !== to) {
      at = next[at]![to]!;
      out.push(at);
    }
    return out;
  };
  return { seconds, metres, next, travel: (a, b) => seconds[a]![b]!, path };
}

/** Stops that cannot reach every other stop (or be reached from it): a network with any is not usable. */
export function unreachablePairs(paths: ShortestPaths): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  paths.seconds.forEach((row, i) => row.forEach((s, j) => s === Infinity && out.push([i, j])));
  return out;
}
