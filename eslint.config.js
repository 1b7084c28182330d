import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
);
