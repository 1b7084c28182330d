import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { Deps } from '../../platform/deps.js';
import { createFileStore, type FileStore } from '../../platform/files/file-store.js';
import type { ExportSpec } from './export-build.js';
import type { BuildReply, BuildRequest } from './export-worker.js';
import type { ProgrammeSnapshot } from './program.schema.js';

/** Built exports kept in memory per instance: at most this many, and at most this many bytes in all. */
const MEMORY_ENTRIES = 64;
const MEMORY_BYTES = 32 * 1024 * 1024;
/** A build that takes longer is stopped (the worker is replaced) and the request fails instead of hanging. */
const BUILD_TIMEOUT_MS = 30_000;

export interface BuiltExport {
  etag: string;
  body: Buffer;
}
/** What the cache did, for tests and the curious: a second request for the same export never builds. */
export interface ExportCacheStats {
  builds: number;
  memoryHits: number;
  fileHits: number;
}
interface Log {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * The exports' worker thread. Built code runs export-worker.js as it is; from source (tsx, vitest) the worker
 * registers tsx first, as the main thread has it.
 */
class ExportWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (body: string) => void; reject: (err: Error) => void; timer: NodeJS.Timeout }>();
  private next = 1;

  build(snap: ProgrammeSnapshot, spec: ExportSpec): Promise<string> {
    const worker = this.worker ?? this.start();
    const id = this.next++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`export build took over ${BUILD_TIMEOUT_MS} ms`), true), BUILD_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      worker.ref();
      worker.postMessage({ id, snap, spec } satisfies BuildRequest);
    });
  }

  private start(): Worker {
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSource ? './export-worker.ts' : './export-worker.js', import.meta.url).href;
    // tsx's ESM entry, found from here (vitest's module runner has no import.meta.resolve: then from the working folder)
    const tsx = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api') : 'tsx/esm/api';
    const boot = fromSource
      ? `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`
      : `import(${JSON.stringify(entry)})`;
    const worker = new Worker(boot, { eval: true });
    worker.unref();
    worker.on('message', (reply: BuildReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      clearTimeout(waiting.timer);
      if (this.pending.size === 0) worker.unref();
      if ('body' in reply) waiting.resolve(reply.body);
      else waiting.reject(new Error(`export build failed: ${reply.error}`));
    });
    worker.on('error', (err) => this.fail(err, false));
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(new Error('export worker exited'), false);
    });
    this.worker = worker;
    return worker;
  }

  /** Every build waiting on this worker fails; the next build starts a fresh one. */
  private fail(err: Error, terminate: boolean): void {
    const worker = this.worker;
    this.worker = null;
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(err);
      this.pending.delete(id);
    }
    if (terminate) void worker?.terminate();
  }
}

const worker = new ExportWorker();

/**
 * Public exports (schedule.xml, schedule.json, iCalendar, CSV) are pure functions of a published version, so each is
 * built once per (event, version, format, language, base URL or board) in the worker thread, kept in memory (bounded)
 * and in the file store, where every instance sharing the files finds it. A new published version has a new key;
 * concurrent requests for one export share one build.
 */
class ExportCache {
  readonly stats: ExportCacheStats = { builds: 0, memoryHits: 0, fileHits: 0 };
  private readonly memory = new Map<string, BuiltExport>();
  private bytes = 0;
  private readonly inflight = new Map<string, Promise<BuiltExport>>();

  constructor(private readonly files: FileStore) {}

  async get(snap: ProgrammeSnapshot, spec: ExportSpec, log?: Log): Promise<BuiltExport> {
    const { hash, etag } = identify(snap, spec);
    const hit = this.memory.get(hash);
    if (hit) {
      this.stats.memoryHits++;
      // most recently used last, so the oldest goes first
      this.memory.delete(hash);
      this.memory.set(hash, hit);
      return hit;
    }
    let running = this.inflight.get(hash);
    if (!running) {
      running = this.load(snap, spec, hash, etag, log).finally(() => this.inflight.delete(hash));
      this.inflight.set(hash, running);
    }
    return running;
  }

  private async load(snap: ProgrammeSnapshot, spec: ExportSpec, hash: string, etag: string, log?: Log): Promise<BuiltExport> {
    const key = fileKey(snap, spec.format, hash);
    const stored = await this.read(key, log);
    if (stored) {
      this.stats.fileHits++;
      return this.remember(hash, { etag, body: stored });
    }
    const body = Buffer.from(await worker.build(snap, spec));
    this.stats.builds++;
    await this.write(key, body, log);
    // the same export of the version before is superseded for good
    const previous = identify({ ...snap, version: snap.version - 1 }, spec).hash;
    await this.files.remove(fileKey({ ...snap, version: snap.version - 1 }, spec.format, previous)).catch(() => undefined);
    return this.remember(hash, { etag, body });
  }

  private remember(hash: string, built: BuiltExport): BuiltExport {
    // an export too big for the memory budget is served from the file store each time
    if (built.body.length > MEMORY_BYTES / 4) return built;
    this.memory.set(hash, built);
    this.bytes += built.body.length;
    for (const [k, v] of this.memory) {
      if (this.memory.size <= MEMORY_ENTRIES && this.bytes <= MEMORY_BYTES) break;
      this.memory.delete(k);
      this.bytes -= v.body.length;
    }
    return built;
  }

  private async read(key: string, log?: Log): Promise<Buffer | null> {
    try {
      const file = await this.files.open(key);
      if (!file) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of file.stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (err) {
      log?.warn({ err, key }, 'stored export unreadable: building it again');
      return null;
    }
  }

  private async write(key: string, body: Buffer, log?: Log): Promise<void> {
    try {
      await this.files.commit(await this.files.stage(Readable.from([body])), key);
    } catch (err) {
      // the export is still served from memory; another instance builds its own
      log?.warn({ err, key }, 'export not stored in the file store');
    }
  }
}

function identify(snap: ProgrammeSnapshot, spec: ExportSpec): { hash: string; etag: string } {
  const hash = createHash('sha256').update(JSON.stringify([snap.event.id, snap.version, spec])).digest('base64url');
  return { hash, etag: `"x${snap.version}-${hash.slice(0, 20)}"` };
}
const fileKey = (snap: ProgrammeSnapshot, format: string, hash: string) =>
  `export-e${snap.event.id}-v${snap.version}-${format}-${hash.slice(0, 32)}`;

// One cache per running instance (keyed by its bus), so two apps in one process never share.
const caches = new WeakMap<object, ExportCache>();
function cacheFor(deps: Deps): ExportCache {
  let cache = caches.get(deps.bus);
  if (!cache) caches.set(deps.bus, (cache = new ExportCache(createFileStore(join(deps.config.filesDir, 'exports')))));
  return cache;
}

/** The ETag an export of this version will have: known before it is built, so a revalidation never builds. */
export const exportEtag = (snap: ProgrammeSnapshot, spec: ExportSpec): string => identify(snap, spec).etag;

export const cachedExport = (deps: Deps, snap: ProgrammeSnapshot, spec: ExportSpec, log?: Log): Promise<BuiltExport> => cacheFor(deps).get(snap, spec, log);

export const exportCacheStats = (deps: Deps): ExportCacheStats => ({ ...cacheFor(deps).stats });
