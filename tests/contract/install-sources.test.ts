import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Nothing may be downloaded at install time from anywhere but the npm registry. The packages that run an install
 * script are the ones that could: each is known here with what keeps it on the registry, so a new one fails this
 * test until someone has looked at what its script fetches (docs/adr/0009, docs/adr/0011). Nothing is compiled:
 * SQLite comes with libsql, whose binary is an npm package per platform (@libsql/<platform>), installed without a
 * script.
 */
const ROOT = process.cwd();
const KNOWN: Record<string, string> = {
  'onnxruntime-node': 'its postinstall would fetch CUDA files from NuGet: .npmrc onnxruntime-node-install=skip',
  esbuild: 'its postinstall checks the binary of the @esbuild/<platform> package, itself from the npm registry',
  'core-js': 'its postinstall prints a message',
  'msgpackr-extract': "(bullmq's msgpackr) node-gyp-build-optional-packages loads the @msgpackr-extract/<platform> package from the npm registry and never fetches; msgpackr falls back to JavaScript without it",
};

function npmrc(): Map<string, string> {
  const lines = readFileSync(join(ROOT, '.npmrc'), 'utf8').split('\n');
  return new Map(lines.filter((l) => /^\s*[\w-]+\s*=/.test(l)).map((l) => l.split('=').map((p) => p.trim()) as [string, string]));
}

describe('install sources', () => {
  it('knows every dependency that runs an install script', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const scripted = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
      .sort();
    expect(scripted).toEqual(Object.keys(KNOWN).sort());
  });

  it('has onnxruntime-node’s download skipped by the project’s .npmrc, and asks for no build from source', () => {
    const config = npmrc();
    expect(config.get('onnxruntime-node-install')).toBe('skip');
    expect(config.has('build_from_source')).toBe(false);
  });

  it('gets SQLite from libsql, whose binaries are npm packages per platform with no install script', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { optional?: boolean; hasInstallScript?: boolean; resolved?: string; os?: string[] }>;
    };
    expect(lock.packages['node_modules/better-sqlite3']).toBeUndefined();
    const binaries = Object.entries(lock.packages).filter(([path]) => path.startsWith('node_modules/@libsql/'));
    expect(binaries.map(([path]) => path)).toContain('node_modules/@libsql/linux-x64-gnu');
    for (const [, p] of binaries) expect([p.optional, p.hasInstallScript ?? false]).toEqual([true, false]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'libsql', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    expect(Object.keys(pkg.scripts ?? {}).filter((s) => ['preinstall', 'install', 'postinstall'].includes(s))).toEqual([]);
  });
});
