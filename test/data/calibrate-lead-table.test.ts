/**
 * `kindling calibrate --from traits` on the real bank-marketing lead table: a proposal that validates,
 * a report with holdout figures, and a model that beats the best single signal on the later holdout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mapBankMarketing } from '../../examples/data/bank-marketing.ts';
import { loadDefinition } from '../../src/definition/load-definition.ts';
import { runKindling } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const DATA = resolve(import.meta.dirname, '../../../shared/data');
const dir = tempDir();
afterAll(() => dir.remove());

type Metrics = { auc: number; pqlRate: number };

describe.skipIf(!existsSync(DATA))('kindling calibrate on a lead table', () => {
  it('proposes a valid definition that beats the best single signal on the holdout', async () => {
    const files = mapBankMarketing(join(DATA, 'uci-bank-marketing'), join(dir.path, 'bank')).files;
    const dataDir = join(dir.path, 'data');
    const out = join(dir.path, 'out');
    const traits = ['import', '--traits', files.traits ?? '', '--entity', 'user', '--key', 'id'];
    expect(
      (await runKindling([...traits, '--timestamp-column', 'contacted_at', '--data-dir', dataDir])).code,
    ).toBe(0);
    expect(
      (await runKindling(['import', '--outcomes', files.outcomes ?? '', '--data-dir', dataDir])).code,
    ).toBe(0);

    const run = await runKindling([
      'calibrate',
      '--entity',
      'user',
      '--target-rate',
      '10%',
      '--name',
      'bank-leads',
      '--out',
      out,
      '--data-dir',
      dataDir,
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('nothing applied');
    const proposed = loadDefinition(readFileSync(join(out, 'proposed.yml'), 'utf8'), 'proposed.yml');
    expect(proposed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(proposed.ir?.points.length).toBeGreaterThan(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      validation: { proposed: Metrics; bestSingle: Metrics };
      rows: { total: number };
    };
    expect(report.rows.total).toBe(45_211);
    expect(report.validation.proposed.auc).toBeGreaterThan(report.validation.bestSingle.auc);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<svg');
    expect(JSON.stringify(report)).not.toContain('duration');

    const badRate = await runKindling([
      'calibrate',
      '--entity',
      'user',
      '--target-rate',
      '120%',
      '--data-dir',
      dataDir,
    ]);
    expect(badRate.code).toBe(1);
    expect(badRate.stderr).toContain('strictly between 0 and 100');
  }, 120_000);
});
