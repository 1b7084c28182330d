import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    // polls wait for asynchronous effects (SSE pushes, service workers, renders); a busy CI machine is slow
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    // two cores: two workers keep SQLite and PostgreSQL suites busy without thrashing
    maxWorkers: 2,
  },
});
