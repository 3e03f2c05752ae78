import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/clear-of-midnight.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration suites share one PostgreSQL server and one Temporal dev server, each suite in its own database and task queue.
    fileParallelism: true,
    maxWorkers: 2,
    // A test that measures memory collects garbage before its baseline (api-downloads).
    execArgv: ['--expose-gc'],
  },
});
