import { defineConfig } from 'vitest/config';

/** `npm run test:faults`: crashes, outages and restarts, each with its own processes; one file at a time. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/support/faults-setup.ts'],
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
