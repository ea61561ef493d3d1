/**
 * Calibration on the demo data, as docs/calibration-reports/demo was made but a third of its size
 * (10,000 users in 1,000 accounts over 90 days; the report used 30,000 in 3,000, and bench:learn
 * times calibration at 100,000): each account decided 14 days after it was first seen and counted
 * as won within 30 days after that, against seed 003's definition. The proposal comes with a diff
 * and beats the best single signal on the later holdout (117 accounts, 7 of them won).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDefinition } from '../../src/definition/load-definition.ts';
import { generateDemo } from '../../src/demo/generate-demo.ts';
import { writeDemo } from '../../src/demo/write-demo.ts';
import { importEvents } from '../../src/import/import-events.ts';
import { importOutcomes } from '../../src/import/import-outcomes.ts';
import { silentListener } from '../../src/import/import-report.ts';
import { importTraits } from '../../src/import/import-traits.ts';
import { diffDefinitions } from '../../src/learn/diff-definitions.ts';
import { proposeDefinition } from '../../src/learn/propose-definition.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { calibrateStoreWithSignals } from '../support/calibrate-store.ts';
import { tempDir } from '../support/temp-dir.ts';

const CURRENT = resolve(import.meta.dirname, '../../examples/demo/seed-003-accounts.yml');
const dir = tempDir();
afterAll(() => dir.remove());

describe('kindling calibrate on the demo data', () => {
  it('proposes a definition with a diff that beats the best single signal on the holdout', async () => {
    const demo = generateDemo({ users: 10_000, accounts: 1_000, days: 90, seed: 1 });
    const files = await writeDemo(demo, { dir: join(dir.path, 'demo'), gzip: false });
    const store = await DuckDbStore.open(join(dir.path, 'data'));
    try {
      const base = { store, workspaceId: 'default', listener: silentListener };
      await importEvents({ ...base, file: files.files.events, now: () => Date.UTC(2025, 5, 2) });
      await importTraits({
        ...base,
        file: files.files.accounts,
        entityType: 'account',
        keyColumn: 'id',
        timestampColumn: null,
      });
      await importOutcomes({ ...base, file: files.files.outcomes });

      const text = readFileSync(CURRENT, 'utf8');
      const ir = loadDefinition(text, CURRENT).ir;
      if (ir === null) throw new Error('seed-003-accounts.yml does not load');
      const { report, signals } = await calibrateStoreWithSignals(store, {
        flags: { decisionAfter: '14d', horizon: '30d' },
        current: ir,
      });

      const { proposed, bestSingle, current } = report.validation;
      expect(report.rows).toMatchObject({ total: 585, holdout: 117, holdoutConverters: 7 });
      expect(current).not.toBeNull();
      expect(proposed.auc ?? 0).toBeGreaterThan(bestSingle?.auc ?? 1);
      expect(proposed.precision).toBeGreaterThan(bestSingle?.precision ?? 100);
      expect(proposed.topDecileLift ?? 0).toBeGreaterThan(bestSingle?.topDecileLift ?? Infinity);

      const proposal = proposeDefinition(text, report, {
        name: 'seed-003-calibrated',
        entity: ir.entity,
        signals,
      });
      if (!proposal.ok) throw new Error(proposal.error.message);
      const diff = diffDefinitions(text, proposal.value);
      expect(diff).toContain('+name: seed-003-calibrated');
      expect(diff).toMatch(/^\+ {2}(warm|hot|burning): \d+$/m);
    } finally {
      await store.close();
    }
  }, 900_000);
});
