import { DESCRIPTOR_LENGTH, FACE_MATCH_DISTANCE, similarityFromDistance } from './compare-faces.js';

/**
 * 1:N identification: every enrolled descriptor in one Float32Array (row i = entry i), searched by a flat scan
 * of squared distances. 10,000 faces × 128 values is 5 MB and one scan is ~1.3 M multiply-adds, a few ms in
 * plain JS (less with the early exit below), so no approximate index is needed at an event's scale.
 */

export interface IndexHit<K> {
  key: K;
  distance: number;
  similarity: number;
}

export interface Identification<K> {
  /** the k nearest, nearest first */
  hits: IndexHit<K>[];
  /** the nearest, or null when the index is empty */
  best: IndexHit<K> | null;
  /** best similarity minus the runner-up's (the best's own similarity when there is no runner-up) */
  margin: number;
  /** best is under the fixed threshold distance */
  match: boolean;
}

export class FaceIndex<K = string> {
  private data: Float32Array;
  private keys: K[] = [];

  constructor(capacity = 1024) {
    this.data = new Float32Array(Math.max(1, capacity) * DESCRIPTOR_LENGTH);
  }

  get size(): number {
    return this.keys.length;
  }

  /** enrols one descriptor under a key (a key may hold several descriptors: several photos of one person) */
  add(key: K, descriptor: ArrayLike<number>): void {
    if (descriptor.length !== DESCRIPTOR_LENGTH) throw new RangeError(`a descriptor has ${DESCRIPTOR_LENGTH} values, got ${descriptor.length}`);
    const n = this.keys.length;
    if ((n + 1) * DESCRIPTOR_LENGTH > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(descriptor, n * DESCRIPTOR_LENGTH);
    this.keys.push(key);
  }

  /** removes every descriptor of a key (consent withdrawn); returns how many were removed */
  remove(key: K): number {
    let w = 0;
    const n = this.keys.length;
    for (let r = 0; r < n; r++) {
      if (this.keys[r] === key) continue;
      if (w !== r) {
        this.data.copyWithin(w * DESCRIPTOR_LENGTH, r * DESCRIPTOR_LENGTH, (r + 1) * DESCRIPTOR_LENGTH);
        this.keys[w] = this.keys[r]!;
      }
      w++;
    }
    this.keys.length = w;
    this.data.fill(0, w * DESCRIPTOR_LENGTH, n * DESCRIPTOR_LENGTH);
    return n - w;
  }

  /**
   * The k nearest distinct keys to the probe, with the margin of the best over the runner-up key: demand a
   * margin as well as a match for a face-only lane, since a near tie means two enrolled people look alike.
   */
  identify(probe: ArrayLike<number>, k = 2): Identification<K> {
    if (probe.length !== DESCRIPTOR_LENGTH) throw new RangeError(`a descriptor has ${DESCRIPTOR_LENGTH} values, got ${probe.length}`);
    const p = Float32Array.from(probe);
    const want = Math.max(2, k); // the runner-up is always looked for, for the margin
    const data = this.data;
    const n = this.keys.length;
    // the best squared distance per key, kept as a short sorted list of (row, d²)
    const rows: number[] = [];
    const dists: number[] = [];
    for (let r = 0; r < n; r++) {
      const base = r * DESCRIPTOR_LENGTH;
      // once `want` candidates are held, a row is dropped as soon as its partial sum passes the worst of them:
      // most enrolled faces are far from the probe, so most rows stop after the first block of 32 values
      const bound = dists.length === want ? dists[want - 1]! : Infinity;
      let s = 0;
      for (let j = 0; j < DESCRIPTOR_LENGTH && s < bound; j += 32) {
        for (let t = j; t < j + 32; t += 4) {
          const d0 = data[base + t]! - p[t]!;
          const d1 = data[base + t + 1]! - p[t + 1]!;
          const d2 = data[base + t + 2]! - p[t + 2]!;
          const d3 = data[base + t + 3]! - p[t + 3]!;
          s += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
        }
      }
      if (s >= bound) continue;
      const key = this.keys[r];
      const same = rows.findIndex((x) => this.keys[x] === key);
      if (same >= 0) {
        if (s >= dists[same]!) continue;
        rows.splice(same, 1);
        dists.splice(same, 1);
      }
      let i = dists.length;
      while (i > 0 && dists[i - 1]! > s) i--;
      rows.splice(i, 0, r);
      dists.splice(i, 0, s);
      if (dists.length > want) {
        rows.pop();
        dists.pop();
      }
    }
    const hits = rows.map((r, i) => {
      const distance = Math.sqrt(dists[i]!);
      return { key: this.keys[r]!, distance, similarity: similarityFromDistance(distance) };
    });
    const best = hits[0] ?? null;
    const margin = best ? best.similarity - (hits[1]?.similarity ?? 0) : 0;
    return { hits: hits.slice(0, Math.max(1, k)), best, margin, match: best !== null && best.distance < FACE_MATCH_DISTANCE };
  }
}
