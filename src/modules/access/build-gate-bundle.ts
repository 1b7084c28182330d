import { createHash, verify, type KeyObject } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { indexBundle, type BundleIndex } from '../../engines/gate/decide.js';
import { eventKey } from '../accreditation/index.js';
import type { Deps } from '../../platform/deps.js';
import { TtlCache } from '../../platform/ttl-cache.js';
import type { GateBundle, ScanPerson } from './access.schema.js';
import { loadBundleData } from './access.store.js';

/**
 * The gate bundle: what a station downloads to decide offline, built from the database. `version` is a hash of
 * the content (not of `generatedAt`), so an unchanged bundle keeps its ETag and a station's If-None-Match gets
 * a 304. Includes who is inside (anti-passback continues offline from there), so presence changes the version
 * too — at most once per cache lifetime.
 */
export async function buildGateBundle(deps: Pick<Deps, 'db' | 'secret'>, eventId: number): Promise<GateBundle> {
  const entry = await freshEntry(deps, eventId);
  if (!entry) throw new Error(`no event ${eventId}`);
  return entry.bundle;
}

/** A built bundle as the server holds it: the bundle, its serialised bodies, the engine's index, the key. */
export interface BundleEntry {
  bundle: GateBundle;
  etag: string;
  body: Buffer;
  /** the body gzipped, made on the first request that accepts it */
  gzip: () => Buffer;
  index: BundleIndex;
  /** node:crypto verification with the event's public key */
  verify: (message: Uint8Array, signature: Uint8Array) => boolean;
  /** every guest of the event as scan results name them */
  persons: Map<number, ScanPerson>;
}

async function freshEntry(deps: Pick<Deps, 'db' | 'secret'>, eventId: number): Promise<BundleEntry | null> {
  const data = await loadBundleData(deps.db, eventId);
  if (!data) return null;
  const key = await eventKey(deps, eventId);
  const content = { ...data.content, publicKey: key.publicKey };
  const version = createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22);
  const bundle: GateBundle = {
    event: content.event,
    publicKey: content.publicKey,
    generatedAt: new Date().toISOString(),
    version,
    zones: content.zones,
    gates: content.gates,
    categories: content.categories,
    people: content.people,
    revoked: content.revoked,
    sessions: content.sessions,
    inside: content.inside,
  };
  const body = Buffer.from(JSON.stringify(bundle));
  let gzipped: Buffer | undefined;
  const publicKey: KeyObject = key.publicKeyObject;
  return {
    bundle,
    etag: `"${version}"`,
    body,
    gzip: () => (gzipped ??= gzipSync(body)),
    index: indexBundle(bundle),
    verify: (message, signature) => verify(null, message, publicKey, signature),
    persons: data.persons,
  };
}

/** How long a bundle is reused without a bus event: bounds what a CLI run or another instance leaves stale. */
export const BUNDLE_TTL_MS = 5000;
const INVALIDATING = ['guest.', 'credential.', 'accreditation.', 'programme.', 'session.', 'room.', 'zone.', 'event.'];

interface Cache {
  entries: TtlCache<number, BundleEntry | null>;
  /** bumped by every invalidation, so a build that raced with a change is not kept */
  generation: number;
}
// One cache per running instance (keyed by its bus), so two apps in one process never share.
const caches = new WeakMap<object, Cache>();

/**
 * The event's bundle, cached per instance; dropped at once on any change the bus reports. The TTL runs on the
 * instance's clock (deps.now, read at each look-up), so a test steps it past BUNDLE_TTL_MS instead of waiting.
 */
export async function cachedBundle(deps: Pick<Deps, 'db' | 'secret' | 'bus' | 'now'>, eventId: number): Promise<BundleEntry | null> {
  let cache = caches.get(deps.bus);
  if (!cache) {
    const fresh: Cache = { entries: new TtlCache<number, BundleEntry | null>(BUNDLE_TTL_MS, 100, () => deps.now()), generation: 0 };
    deps.bus.onCluster((e) => {
      if (!INVALIDATING.some((p) => e.type.startsWith(p))) return;
      fresh.generation++;
      if (e.eventId === null) fresh.entries.clear();
      else fresh.entries.delete(e.eventId);
    });
    caches.set(deps.bus, (cache = fresh));
  }
  for (let attempt = 0; ; attempt++) {
    const generation = cache.generation;
    const entry = await cache.entries.get(eventId, () => freshEntry(deps, eventId));
    if (cache.generation === generation || attempt >= 2) return entry;
    cache.entries.delete(eventId);
  }
}
