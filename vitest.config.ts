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
    // A worker runs test file after test file in one process and keeps what it imported: the app's module graph is
    // evaluated once per worker instead of once per file (an isolated run spent a third of its time importing), and
    // what a worker loads once stays loaded for its next files: the face models (src/engines/face/load-face-api.ts),
    // the plate models (src/engines/plates/read-plates.ts) and Chromium (tests/browser/support.ts). Every file still
    // starts its own apps on fresh databases; no test file changes process.env or leaves fake timers behind.
    isolate: false,
  },
});
