/**
 * Every file in examples/ is a working definition, except broken.yml, whose problems are pinned
 * exactly: code, line and column of each.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDefinitionFile } from './load-definition.ts';
import { places } from './testing.ts';

const dir = fileURLToPath(new URL('../../examples/', import.meta.url));
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yml'));
const working = files.filter((f) => f !== 'broken.yml');

describe('examples/', () => {
  it('holds the contract example and one file per seed model', () => {
    expect(working).toContain('team-plan-pql.yml');
    for (const seed of ['000', '001', '002', '003', '004']) {
      expect(working.some((f) => f.startsWith(`seed-${seed}-`))).toBe(true);
    }
  });

  for (const file of working) {
    it(`${file} validates with no problem`, async () => {
      const result = await loadDefinitionFile(`${dir}${file}`);
      expect(result.problems).toEqual([]);
      expect(result.ir?.name).toMatch(/^[a-z0-9-]+$/);
    });
  }

  it('seed 003 keeps the points, recency and tiers of calculatePQLScore', async () => {
    const { ir } = await loadDefinitionFile(`${dir}seed-003-calculate-pql-score.yml`);
    expect(ir?.gates).toEqual([{ name: 'activation', signal: 'activated' }]);
    expect(ir?.points.map((p) => p.points).sort((a, b) => a - b)).toEqual([
      10, 10, 10, 10, 15, 20, 20, 25, 30, 30, 40,
    ]);
    expect(ir?.recency.map((r) => r.percent)).toEqual([100, 50, 10]);
    expect(ir?.tiers.map((t) => t.min)).toEqual([0, 26, 51, 76]);
  });

  it('seed 002 scores negative signals', async () => {
    const { ir } = await loadDefinitionFile(`${dir}seed-002-points-with-negatives.yml`);
    expect(ir?.points.filter((p) => p.points < 0).map((p) => p.signal)).toEqual([
      'below_icp_size',
      'consumer_email',
      'free_features_only',
      'inactive_30_days',
    ]);
  });

  it('broken.yml reports exactly its planted problems, in file order', async () => {
    const result = await loadDefinitionFile(`${dir}broken.yml`);
    expect(result.ir).toBeNull();
    expect(places(result)).toEqual([
      'unsupported-version@3:11',
      'bad-name@4:7',
      'bad-value@5:9',
      'unknown-key@6:1',
      'unknown-key@14:5',
      'bad-duration@18:13',
      'comparison-mismatch@19:5',
      'multiple-aggregations@23:5',
      'undefined-list@26:9',
      'undefined-signal@28:22',
      'signal-cycle@32:10',
      'conflicting-forms@35:5',
      'points-unknown-signal@39:3',
      'bad-value-type@40:19',
      'recency-order@44:15',
      'bad-multiplier@45:18',
      'tiers-not-ascending@50:9',
    ]);
  });
});
