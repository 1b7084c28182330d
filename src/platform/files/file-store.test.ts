import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore, type FileStore } from './file-store.js';

describe('file store', () => {
  let dir: string;
  let store: FileStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'huiwu-store-'));
    store = createFileStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const bytes = Buffer.from('%PDF-1.4 hello');
  const files = () =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
      .sort();

  it('stages into .tmp with size, sha256 and head, and shows the file under its key only once committed', async () => {
    const staged = await store.stage(Readable.from([bytes.subarray(0, 3), bytes.subarray(3)]));
    expect(staged).toMatchObject({ size: 14, sha256: createHash('sha256').update(bytes).digest('hex'), head: bytes });
    expect(staged.tempPath.startsWith(join(dir, '.tmp'))).toBe(true);
    expect(await store.open('k.pdf')).toBeNull();
    await store.commit(staged, 'k.pdf');
    expect(files()).toEqual(['k.pdf']);
    const opened = await store.open('k.pdf');
    expect(opened?.size).toBe(14);
    opened?.stream.destroy();
    expect(readFileSync(join(dir, 'k.pdf')).equals(bytes)).toBe(true);
    await store.discard(staged);
    expect(files()).toEqual(['k.pdf']);
  });

  it('leaves nothing behind when a transfer fails or is discarded', async () => {
    const failing = new Readable({
      read() {
        this.push(bytes);
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(store.stage(failing)).rejects.toThrow('connection reset');
    await store.discard(await store.stage(Readable.from([bytes])));
    expect(files()).toEqual([]);
  });

  it('refuses keys that would leave the folder', async () => {
    const staged = await store.stage(Readable.from([bytes]));
    for (const key of ['../x.pdf', 'a/b.pdf', '.hidden', '']) await expect(store.commit(staged, key)).rejects.toThrow('invalid file key');
    await store.discard(staged);
  });

  it('sweeps only temporary files older than the given age', async () => {
    await store.discard(await store.stage(Readable.from([bytes])));
    writeFileSync(join(dir, '.tmp', 'old'), 'x');
    writeFileSync(join(dir, '.tmp', 'new'), 'x');
    const dayAgo = new Date(Date.now() - 86_400_000 - 1000);
    utimesSync(join(dir, '.tmp', 'old'), dayAgo, dayAgo);
    expect(await store.sweep(86_400_000)).toBe(1);
    expect(files()).toEqual(['.tmp/new']);
  });
});
