import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An upload received into the store's temporary folder: invisible under its final name until committed. */
export interface StagedFile {
  tempPath: string;
  size: number;
  /** hex SHA-256 of the content */
  sha256: string;
  /** the first bytes, for checking the type by content */
  head: Buffer;
}

export interface StoredFile {
  stream: ReadStream;
  size: number;
}

/**
 * Uploaded files on local (or shared) storage. A file is streamed to `<dir>/.tmp/` and only renamed to its key
 * when its record is saved, so no reader ever sees a half-written file and a refused upload leaves nothing
 * behind. Keys are chosen by the caller and unique per record: deleting one record never pulls a file from
 * under another, which content-addressed sharing would need reference counting for.
 */
export interface FileStore {
  readonly dir: string;
  /** `signal` aborts a transfer that stalls; the temporary file is removed then too */
  stage(source: Readable, signal?: AbortSignal): Promise<StagedFile>;
  commit(staged: StagedFile, key: string): Promise<void>;
  /** removes a staged file; a no-op once it was committed */
  discard(staged: StagedFile): Promise<void>;
  remove(key: string): Promise<void>;
  /** null when there is no such file */
  open(key: string): Promise<StoredFile | null>;
  /**
   * Removes temporary files older than `olderThanMs`, left by a process that died mid-upload. Younger ones may
   * belong to an upload in progress on another instance sharing the folder.
   */
  sweep(olderThanMs: number): Promise<number>;
}

const HEAD_BYTES = 16;
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function pathOf(dir: string, key: string): string {
  // Keys name files directly; refusing separators and dot-dot keeps every path inside the store.
  if (!KEY.test(key) || key.includes('..')) throw new Error(`invalid file key ${JSON.stringify(key)}`);
  return join(dir, key);
}

export function createFileStore(dir: string): FileStore {
  const tmpDir = join(dir, '.tmp');
  return {
    dir,
    async stage(source, signal) {
      await mkdir(tmpDir, { recursive: true });
      const tempPath = join(tmpDir, randomUUID());
      const hash = createHash('sha256');
      let size = 0;
      let head = Buffer.alloc(0);
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
          done(null, chunk);
        },
      });
      try {
        await pipeline(source, tap, createWriteStream(tempPath, { flags: 'wx', flush: true }), ...(signal ? [{ signal }] : []));
      } catch (err) {
        await rm(tempPath, { force: true });
        throw err;
      }
      return { tempPath, size, sha256: hash.digest('hex'), head };
    },
    async commit(staged, key) {
      await rename(staged.tempPath, pathOf(dir, key));
    },
    async discard(staged) {
      await rm(staged.tempPath, { force: true });
    },
    async remove(key) {
      await rm(pathOf(dir, key), { force: true });
    },
    async open(key) {
      try {
        const handle = await open(pathOf(dir, key), 'r');
        const { size } = await handle.stat();
        return { stream: handle.createReadStream(), size };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async sweep(olderThanMs) {
      const names = await readdir(tmpDir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [] as string[];
        throw err;
      });
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
      for (const name of names) {
        const path = join(tmpDir, name);
        const info = await stat(path).catch(() => null);
        if (info?.isFile() && info.mtimeMs < cutoff) {
          await rm(path, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
