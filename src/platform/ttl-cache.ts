/**
 * A small per-instance cache whose entries expire after `ttlMs`, bounded to `max` entries (oldest out first).
 * Used where the bus invalidates changes at once and the TTL bounds what a process without the bus
 * (a CLI run beside the server) can leave stale. `now` is its clock (epoch ms): the wall clock, or a test's
 * stepped clock, so that expiry is tested by stepping the clock instead of waiting.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly max = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    const value = await load();
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    return value;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
