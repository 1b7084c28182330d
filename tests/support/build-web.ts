import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STAMP = join(ROOT, 'dist', '.web-built-from');
const LOCK = join(ROOT, 'dist', '.web-build.lock');

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (!e.name.endsWith('.test.ts') && !e.name.endsWith('.test.tsx')) out.push(p);
  }
  return out;
}

/** What the web build is made of: web/, the schema files and engines it imports, the Vite config, the packages. */
function inputsHash(): string {
  const inputs = [...files(join(ROOT, 'web')), ...files(join(ROOT, 'src')).filter((f) => f.endsWith('.schema.ts') || f.includes('/engines/'))];
  const h = createHash('sha256');
  for (const f of [...inputs.sort(), join(ROOT, 'vite.config.ts'), join(ROOT, 'package-lock.json')]) if (existsSync(f)) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f));
  return h.digest('hex');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds dist/web for the browser suites unless it was built from these very inputs (a stamp beside dist/web says
 * from which), one run at a time (a lock folder): runs started together on one checkout otherwise write dist/web at once
 * and one of them reads a half-written build.
 */
export async function buildWebOnce(): Promise<void> {
  // .ci/run has just built it (npm run build)
  if (process.env.HUIWU_TEST_WEB_BUILT) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // a build older than ten minutes is a killed run's: take its lock over
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 600_000) rmdirSync(LOCK);
      else if (held) await sleep(1000);
    }
  }
  try {
    const hash = inputsHash();
    if (existsSync(STAMP) && existsSync(join(ROOT, 'dist', 'web', 'index.html')) && readFileSync(STAMP, 'utf8') === hash) return;
    // vitest sets NODE_ENV=test, which would give the browser React's development build: test what ships.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    writeFileSync(STAMP, hash);
  } finally {
    rmdirSync(LOCK);
  }
}
