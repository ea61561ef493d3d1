import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Deadlines, not speed limits: generous so a test on a 2-core machine under load (or under
    // `.ci/run`'s KINDLING_CI_STRESS=1 busy loops) fails only when something is really stuck.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: system tests spawn servers; keep parallelism modest so timings stay sane.
    maxWorkers: 2,
  },
});
