import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/main.js';
import { declaredPorts, definePort } from '../../src/platform/ports.js';
import layers from '../../src/module-layers.json' with { type: 'json' };

const MODULES = resolve(import.meta.dirname, '../../src/modules');

/** Every `definePort<…>('name')` in a module's `<module>.ports.ts`, as [module, port name]. */
const declarations = readdirSync(MODULES).flatMap((m) =>
  readdirSync(join(MODULES, m))
    .filter((f) => f.endsWith('.ports.ts'))
    .flatMap((f) => [...readFileSync(join(MODULES, m, f), 'utf8').matchAll(/definePort<[^>]+>\(\s*'([^']+)'/g)].map((x) => [m, x[1]!] as const)),
);

describe('ports (ADR 0012, 0013)', () => {
  it('are each declared in the module their name starts with, in its <module>.ports.ts', () => {
    expect(declarations.length).toBeGreaterThan(0);
    expect(declarations.filter(([m, name]) => !name.startsWith(`${m}.`))).toEqual([]);
    expect(declarations.map(([, name]) => name).sort()).toEqual(declaredPorts().map((p) => p.name));
  });

  it('are all supplied once the composition root is loaded, so none throws when used', () => {
    expect(declaredPorts().filter((p) => !p.supplied)).toEqual([]);
  });

  it('are declared only by modules below the top layer (a port answers what a lower module may not import)', () => {
    const top = new Set(layers.layers.at(-1));
    expect(declarations.filter(([m]) => top.has(m))).toEqual([]);
  });

  it('throws naming the port when used unsupplied, and refuses a name declared twice', () => {
    const port = definePort<{ answer(): number }>('probe.unsupplied');
    expect(() => port.use()).toThrow(/port probe\.unsupplied is not supplied/);
    port.supply({ answer: () => 42 });
    expect(port.use().answer()).toBe(42);
    expect(() => definePort('probe.unsupplied')).toThrow(/declared twice/);
  });
});
