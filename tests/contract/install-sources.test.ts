import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Nothing may be downloaded at install time from anywhere but the npm registry. The packages that run an install
 * script are the ones that could: each is known here with what keeps it on the registry, so a new one fails this
 * test until someone has looked at what its script fetches (docs/adr/0009).
 */
const ROOT = process.cwd();
const KNOWN: Record<string, string> = {
  'better-sqlite3': 'prebuild-install would fetch from GitHub: .npmrc build_from_source makes node-gyp compile it',
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

  it('has better-sqlite3 compiled and onnxruntime-node’s download skipped by the project’s .npmrc', () => {
    const config = npmrc();
    expect(config.get('build_from_source')).toBe('better-sqlite3');
    expect(config.get('onnxruntime-node-install')).toBe('skip');
  });

  it('names only better-sqlite3 for a build from source, which prebuild-install matches by package name', () => {
    const rc = readFileSync(join(ROOT, 'node_modules', 'prebuild-install', 'rc.js'), 'utf8');
    expect(rc).toMatch(/buildFromSource === pkg\.name/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { scripts: { install: string } };
    expect(pkg.scripts.install).toMatch(/^prebuild-install \|\| node-gyp rebuild/);
  });
});
