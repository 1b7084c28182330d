import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'huiwu-cli');

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out);
    else if (!/\.test\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

/**
 * Builds the CLI once per source state for the tests to spawn: every file of src/ transpiled alone (the project
 * uses isolatedModules, so this is what tsc emits; the types are checked by `npm run typecheck`), into
 * node_modules/.cache/huiwu-cli/<hash of src>/dist/src, beside a link to the checkout's dist/web. The folder is named
 * by the content it was built from, so parallel runs on a changing tree never share a half-written build, and a run
 * on unchanged sources reuses the last one. Returns the built `cli/main.js`.
 */
export function buildCli(): string {
  const files = sources(join(ROOT, 'src')).sort();
  const hash = createHash('sha256');
  for (const f of [...files, join(ROOT, 'tsconfig.json'), join(ROOT, 'package.json')]) hash.update(relative(ROOT, f)).update('\0').update(readFileSync(f));
  const id = hash.digest('hex').slice(0, 16);
  const home = join(CACHE, id);
  const main = join(home, 'dist', 'src', 'cli', 'main.js');
  if (existsSync(main)) return main;

  const { options } = ts.convertCompilerOptionsFromJson(JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions, ROOT);
  // every source is an ES module (package.json "type": "module"), which NodeNext would read from disk per file
  const compilerOptions = { ...options, module: ts.ModuleKind.ES2022, sourceMap: false, inlineSourceMap: false, declaration: false };
  const scratch = `${home}.${process.pid}.tmp`;
  rmSync(scratch, { recursive: true, force: true });
  for (const file of files) {
    const out = join(scratch, 'dist', relative(ROOT, file));
    mkdirSync(dirname(out), { recursive: true });
    if (!file.endsWith('.ts')) {
      copyFileSync(file, out);
      continue;
    }
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file });
    writeFileSync(out.replace(/\.ts$/, '.js'), outputText);
  }
  // the server serves dist/web beside dist/src (src/main.ts); the checkout's build is the one the global setup made
  symlinkSync(join(ROOT, 'dist', 'web'), join(scratch, 'dist', 'web'), 'dir');
  try {
    renameSync(scratch, home);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another run finished the same build first
  }
  // keep the cache small: the last few builds only
  const old = readdirSync(CACHE)
    .filter((d) => !d.includes('.tmp'))
    .map((d) => ({ d, t: statSync(join(CACHE, d)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .slice(5);
  for (const { d } of old) rmSync(join(CACHE, d), { recursive: true, force: true });
  return main;
}
