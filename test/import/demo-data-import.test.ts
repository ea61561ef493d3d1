/** The demo generator's files go through the real importers untouched: nothing rejected, nothing lost. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/generate-demo.ts';
import { writeDemo } from '../../src/demo/write-demo.ts';
import { importEvents } from '../../src/import/import-events.ts';
import { importOutcomes } from '../../src/import/import-outcomes.ts';
import { type BadLine, silentListener } from '../../src/import/import-report.ts';
import { importTraits } from '../../src/import/import-traits.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

describe('demo data through the importers', () => {
  it('imports every generated event, account and outcome', async () => {
    const demo = generateDemo({ users: 300, accounts: 30, days: 30, seed: 7 });
    const files = await writeDemo(demo, { dir: join(dir.path, 'demo'), gzip: true });
    const store = await DuckDbStore.open(join(dir.path, 'data'));
    try {
      const bad: BadLine[] = [];
      const listener = { ...silentListener, bad: (line: BadLine) => bad.push(line) };
      const base = { store, workspaceId: 'default', listener };
      const events = await importEvents({
        ...base,
        file: files.files.events,
        now: () => Date.UTC(2025, 5, 2),
      });
      expect(bad).toEqual([]);
      expect(events).toMatchObject({ read: files.events, stored: files.events, rejected: 0, duplicates: 0 });
      const traits = await importTraits({
        ...base,
        file: files.files.accounts,
        entityType: 'account',
        keyColumn: 'id',
        timestampColumn: null,
      });
      expect(traits.rejected).toBe(0);
      expect(traits.read).toBe(files.accounts);
      const outcomes = await importOutcomes({ ...base, file: files.files.outcomes });
      expect(outcomes).toMatchObject({ read: files.outcomes, stored: files.outcomes, rejected: 0 });
      const stats = await store.stats('default');
      expect(stats.events.stored).toBe(files.events);
      expect(stats.events.byType).toMatchObject({
        identify: expect.any(Number),
        group: expect.any(Number),
        track: expect.any(Number),
      });
    } finally {
      await store.close();
    }
  });
});
