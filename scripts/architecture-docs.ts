import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import layers from '../src/module-layers.json' with { type: 'json' };
import { MODULES } from '../src/manifests.js';

/**
 * `npm run docs:architecture`: rewrites the generated parts of docs/architecture.md (the module graph from the
 * manifests, src/module-layers.json's layers and the actual imports; the domain events from every `type: '…'` the code
 * publishes). tests/contract/architecture-docs.test.ts fails when the checked-in file differs, so CI sees drift.
 */
const ROOT = resolve(import.meta.dirname, '..');
export const DOC = resolve(ROOT, 'docs/architecture.md');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'migrations' || e.name === 'fixtures' ? [] : sources(path);
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
    })
    .sort();
}

function moduleGraph(): string {
  const layerOf = new Map(layers.layers.flatMap((layer, i) => layer.map((m) => [m, i] as const)));
  const rows = MODULES.map((m) => {
    const uses = new Map<string, Set<string>>();
    for (const file of sources(resolve(ROOT, 'src/modules', m.name))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/from '\.\.\/([a-z-]+)\/([^']+)\.js'/g)) {
        const [, other, target] = match;
        if (other === m.name) continue;
        if (!uses.has(other!)) uses.set(other!, new Set());
        uses.get(other!)!.add(`${target}.ts`);
      }
    }
    const imports = [...uses].sort(([a], [b]) => a.localeCompare(b)).map(([other, targets]) => `${other} (${[...targets].sort().join(', ')})`);
    return { name: m.name, layer: layerOf.get(m.name), tables: m.tables.join(', '), imports: imports.join('; ') || '—' };
  }).sort((a, b) => (a.layer ?? 99) - (b.layer ?? 99) || a.name.localeCompare(b.name));
  const lines = ['| layer | module | imports (other modules: files) | tables |', '| --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${r.layer ?? '?'} | \`${r.name}\` | ${r.imports} | ${r.tables} |`);
  return lines.join('\n');
}

function domainEvents(): string {
  const published = new Map<string, Set<string>>();
  for (const file of sources(resolve(ROOT, 'src'))) {
    const where = relative(resolve(ROOT, 'src'), file).split('/');
    const owner = where[0] === 'modules' ? where[1]! : where[0] === 'platform' ? `platform/${where[1]}` : where[0]!.replace(/\.ts$/, '');
    for (const match of readFileSync(file, 'utf8').matchAll(/\btype: '([a-z_]+\.[a-z_.]+)'/g)) {
      if (!published.has(match[1]!)) published.set(match[1]!, new Set());
      published.get(match[1]!)!.add(owner);
    }
  }
  const lines = ['| event type | published by |', '| --- | --- |'];
  for (const [type, owners] of [...published].sort(([a], [b]) => a.localeCompare(b))) lines.push(`| \`${type}\` | ${[...owners].sort().join(', ')} |`);
  return lines.join('\n');
}

const BLOCKS: Record<string, () => string> = { 'module-graph': moduleGraph, 'domain-events': domainEvents };

/** docs/architecture.md with its generated blocks (between `<!-- generated:NAME -->` and `<!-- /generated -->`) rebuilt. */
export function generate(text = readFileSync(DOC, 'utf8')): string {
  let out = text;
  for (const [name, build] of Object.entries(BLOCKS)) {
    const start = `<!-- generated:${name} (npm run docs:architecture; do not edit by hand) -->`;
    const from = out.indexOf(start);
    const to = out.indexOf('<!-- /generated -->', from);
    if (from < 0 || to < 0) throw new Error(`docs/architecture.md lacks the generated block ${name}`);
    out = `${out.slice(0, from + start.length)}\n\n${build()}\n\n${out.slice(to)}`;
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(DOC, generate());
  console.log('docs/architecture.md: module graph and domain events regenerated');
}
