import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/faults/**', 'node_modules/**'],
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    globalSetup: ['test/support/global-setup.ts'],
    // Workflow tests share one dev server; two files at a time is what two cores carry.
    pool: 'forks',
    maxWorkers: 2,
    // Generous deadlines, never short real-timer bets: a shop's server under backups or a second service runs the
    // suite several times slower than an idle one, and a poll returns as soon as its condition holds.
    // A hook starts a whole stack (a PGlite database migrated in WebAssembly, a worker, the app): at a load of 20
    // on two cores that took more than two minutes, so hooks and tests get five.
    testTimeout: 300_000,
    expect: { poll: { timeout: 60_000, interval: 100 } },
    hookTimeout: 300_000,
    teardownTimeout: 30_000,
  },
});
