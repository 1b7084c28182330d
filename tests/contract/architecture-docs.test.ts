import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC, generate } from '../../scripts/architecture-docs.js';

describe('docs/architecture.md', () => {
  it('shows the module graph and the domain events as the code has them (npm run docs:architecture)', () => {
    const text = readFileSync(DOC, 'utf8');
    expect(text, 'run npm run docs:architecture and commit docs/architecture.md').toBe(generate(text));
  });

  it('is told apart from a stale copy', () => {
    const text = readFileSync(DOC, 'utf8');
    const stale = text.replace(/\| `session\.updated` \|[^\n]*\n/, '');
    expect(stale).not.toBe(text);
    expect(generate(stale)).toBe(text);
  });
});
