import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Two projects. `unit` holds the in-process tests (src/, the conformance suite, the layering rule):
 * they share one module graph per worker (`isolate: false`), which saves re-importing the compiler,
 * DuckDB and zod for each of ~150 files. `system` holds everything that spawns servers, opens
 * databases per test or sets `process.env`: each file gets a fresh module graph.
 *
 * A unit test that writes `process.env`, mocks a module or keeps global state must be listed in
 * NEEDS_ISOLATION (or live under test/ outside the two unit folders).
 */
const NEEDS_ISOLATION = [
  'src/cli/**',
  'src/cluster/**',
  'src/app/start-realtime-destinations.test.ts',
  'src/app/join-cluster.test.ts',
  'src/crm/crm-schedule.test.ts',
];

const UNIT = ['src/**/*.test.ts', 'test/conformance/**/*.test.ts', 'test/architecture/**/*.test.ts'];

/**
 * The slowest files (a minute or more of one worker each, measured), started first: on a fresh
 * checkout vitest has no timings and would start them by file size, so one could start last and
 * leave the other worker idle at the end.
 */
const SLOW_FIRST = [
  'test/data/real-data-mappings.test.ts',
  'test/data/calibrate-demo.test.ts',
  'test/realtime/crash-points.test.ts',
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = SLOW_FIRST.findIndex((slow) => file.moduleId.endsWith(slow));
      return at === -1 ? SLOW_FIRST.length : at;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

const shared = {
  // Deadlines, not speed limits: generous so a test on a 2-core machine under load (or under
  // `.ci/run`'s KINDLING_CI_STRESS=1 busy loops) fails only when something is really stuck.
  testTimeout: 120_000,
  hookTimeout: 180_000,
};

export default defineConfig({
  test: {
    // Two cores: system tests spawn servers; keep parallelism modest so timings stay sane.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirst },
    projects: [
      {
        test: { ...shared, name: 'unit', include: UNIT, exclude: NEEDS_ISOLATION, isolate: false },
      },
      {
        test: {
          ...shared,
          name: 'system',
          include: [
            'test/**/*.test.ts',
            ...NEEDS_ISOLATION.map((p) => (p.endsWith('.ts') ? p : `${p}/*.test.ts`)),
          ],
          exclude: ['test/conformance/**', 'test/architecture/**'],
        },
      },
    ],
  },
});
