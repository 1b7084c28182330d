import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The module graph (docs/architecture.md): a module may import only modules in layers below its own. Changing
 * src/module-layers.json changes the allowed DAG; the docs show it (npm run docs:architecture).
 */
const MODULE_LAYERS = JSON.parse(readFileSync(join(import.meta.dirname, 'src/module-layers.json'), 'utf8')).layers;
const ROOT_FILES = ['src/main.ts', 'src/manifests.ts', 'src/composed-types.ts', 'src/privacy-registrants.ts'];
const layerZones = MODULE_LAYERS.flatMap((layer, i) =>
  layer.map((m) => ({
    target: `./src/modules/${m}`,
    from: MODULE_LAYERS.slice(i).flat().filter((other) => other !== m).map((other) => `./src/modules/${other}`),
    message: `${m} sits below these modules in docs/architecture.md's graph: it may not import them (move the code to its owner, or have the owner call down).`,
  })),
).filter((z) => z.from.length > 0);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Imports point inward (DESIGN.md): engines import neither modules nor platform; platform imports no module.
    files: ['src/engines/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/modules/**', '**/platform/**'] }] },
  },
  {
    // A module reaches another only through its index.js (services) or *.schema.js (types and validation).
    files: ['src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.js$)(?![^/]+\\.schema\\.js$)', message: "Import another module through its index.js or *.schema.js." }] },
      ],
    },
  },
  {
    // The web app talks to the server only over HTTP: from src/ it may import *.schema.ts types, nothing else,
    // except the gate engine, which the gate station runs itself when offline (ADR 0007).
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '/src/(?!.*\\.schema\\.js$)(?!engines/gate/)', message: 'web/ may import only src/**/*.schema.ts (types) and src/engines/gate/ from the server.' }] },
      ],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/modules/**', '**/demo/**', '**/cli/**'] }] },
  },
  {
    // Migrations never import app code: only kysely and their folder's ./dialect.js (ADR 0010).
    files: ['src/platform/db/migrations/**/*.ts', 'src/modules/*/migrations/**/*.ts'],
    ignores: ['src/modules/*/migrations/dialect.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../*', '!./*'] }] },
  },
  {
    // The written module graph, enforced (docs/architecture.md): no cycles anywhere in src/, and the layers below.
    files: ['src/**/*.ts'],
    // a test may bring data from anywhere (an engine's test, the demo's demand); the graph is the shipped code's
    ignores: ['src/**/*.test.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/engines', from: ['./src/platform', './src/modules', './src/commands', './src/cli', './src/demo', ...ROOT_FILES.map((f) => `./${f}`)], message: 'Engines import nothing of ours.' },
            { target: './src/platform', from: ['./src/modules', './src/commands', './src/cli', './src/demo', ...ROOT_FILES.map((f) => `./${f}`)], message: 'The platform names no module (ADR 0010).' },
            { target: './src/modules', from: ['./src/commands', './src/cli', './src/demo', ...ROOT_FILES.map((f) => `./${f}`)], message: 'Modules never import commands, the CLI or the composition root.' },
            { target: './src/commands', from: ['./src/cli', './src/demo', ...ROOT_FILES.map((f) => `./${f}`)], message: 'Commands sit below the CLI and the composition root.' },
            ...layerZones,
          ],
        },
      ],
    },
  },
);
