/**
 * `kindling calibrate`: propose a transparent point model from won/lost outcomes, validated on a
 * later holdout, written as a definition file with a diff and a report. Never applied: a person
 * reviews the proposal and adopts it. This version calibrates lead tables on traits (`--from traits`);
 * calibration on event signals as of each decision time is the next step.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { traitFeatureMatrix } from '../../app/trait-features.ts';
import { loadConfig } from '../../config/config.ts';
import { calibrate, diffDefinitions, proposeDefinition, renderReportHtml } from '../../learn/index.ts';
import { ensureDir } from '../../lib/ensure-dir.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { requireLocalStore } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';

interface CalibrateFlags {
  from: 'traits';
  entity: 'user' | 'account';
  label: 'won';
  targetRate?: string;
  targetPrecision?: string;
  holdout: string;
  definition?: string;
  name: string;
  out: string;
  workspace: string;
  dataDir?: string;
}

/** `10%` or `10` → 10, strictly between 0 and 100. */
export function percent(text: string, flag: string): number {
  const value = Number(text.trim().replace(/%$/, ''));
  if (!Number.isFinite(value) || value <= 0 || value >= 100) {
    throw new UserError(`${flag} must be a percentage strictly between 0 and 100, got "${text}".`);
  }
  return value;
}

export function register(program: Command): void {
  program
    .command('calibrate')
    .description('Propose a point model from won/lost outcomes, validated on a later holdout (never applied)')
    .addOption(new Option('--from <source>', 'candidate signals from').choices(['traits']).default('traits'))
    .addOption(
      new Option('--entity <type>', 'entities to calibrate').choices(['user', 'account']).default('account'),
    )
    .addOption(
      new Option('--label <outcome>', 'the outcome that counts as converted').choices(['won']).default('won'),
    )
    .option('--target-rate <percent>', 'PQL rate to aim for (healthy: 5–15 %)')
    .option('--target-precision <percent>', 'precision to aim for instead of a rate')
    .option('--holdout <percent>', 'latest share of entities kept for validation', '20%')
    .option('--definition <file>', 'the current definition, to compare with and to edit')
    .option('--name <name>', 'name of the proposed definition', 'calibrated-pql')
    .option('--out <dir>', 'where to write proposed.yml, report.json and report.html', 'calibration')
    .option('--workspace <id>', 'workspace', DEFAULT_WORKSPACE)
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .action(
      runAction(async (flags: CalibrateFlags) => {
        if ((flags.targetRate === undefined) === (flags.targetPrecision === undefined)) {
          throw new UserError('Give exactly one of --target-rate and --target-precision.');
        }
        const target =
          flags.targetRate !== undefined
            ? { targetRate: percent(flags.targetRate, '--target-rate') }
            : { targetPrecision: percent(flags.targetPrecision ?? '', '--target-precision') };
        const holdoutShare = percent(flags.holdout, '--holdout') / 100;
        const current = flags.definition === undefined ? null : readFileSync(flags.definition, 'utf8');
        const store = await requireLocalStore(loadConfig({ dataDir: flags.dataDir }).dataDir, 'calibrate');
        try {
          const matrix = await traitFeatureMatrix(store.readConn, flags.workspace, flags.entity);
          if (!matrix.ok) throw new UserError(`${matrix.error.code}: ${matrix.error.message}`);
          const report = calibrate(matrix.value, { target, holdoutShare });
          if (!report.ok)
            throw new UserError(
              `${report.error.code}: ${report.error.message}\n  hint: ${report.error.hint}`,
            );
          const signals = Object.fromEntries(
            matrix.value.features.flatMap((f) =>
              f.signal === undefined ? [] : [[f.name, f.signal] as const],
            ),
          );
          const proposed = proposeDefinition(current, report.value, {
            name: flags.name,
            entity: flags.entity,
            signals,
          });
          if (!proposed.ok) throw new UserError(`${proposed.error.code}: ${proposed.error.message}`);
          ensureDir(flags.out);
          writeFileSync(join(flags.out, 'proposed.yml'), proposed.value);
          writeFileSync(join(flags.out, 'report.json'), `${JSON.stringify(report.value, null, 2)}\n`);
          writeFileSync(join(flags.out, 'report.html'), renderReportHtml(report.value));
          const diff = current === null ? '' : diffDefinitions(current, proposed.value);
          if (diff !== '') writeFileSync(join(flags.out, 'proposed.diff'), diff);
          process.stdout.write(summary(report.value, matrix.value.features.length, flags.out));
        } finally {
          await store.close();
        }
      }),
    );
}

type Report = Extract<ReturnType<typeof calibrate>, { ok: true }>['value'];

function summary(report: Report, candidates: number, out: string): string {
  const v = report.validation;
  const fmt = (x: number | null | undefined, digits = 3) =>
    x === null || x === undefined ? '-' : x.toFixed(digits);
  const line = (
    name: string,
    m: {
      auc: number | null;
      pqlRate: number;
      precision: number;
      recall: number;
      topDecileLift: number | null;
    } | null,
  ) =>
    m === null
      ? `  ${name.padEnd(26)} -`
      : `  ${name.padEnd(26)} AUC ${fmt(m.auc)}  PQL rate ${fmt(m.pqlRate, 1)} %  precision ${fmt(m.precision, 1)} %  recall ${fmt(m.recall, 1)} %  top-decile lift ${fmt(m.topDecileLift, 2)}`;
  return [
    `Rows: ${report.rows.total} (training ${report.rows.training}, holdout ${report.rows.holdout} from ${report.rows.holdoutFrom}); base rate ${fmt(report.rows.holdoutBaseRate, 1)} % on the holdout`,
    `Candidate signals: ${candidates}; kept with points: ${report.points.length}; threshold: score ≥ ${report.threshold.threshold}`,
    'Holdout:',
    line('proposed points', v.proposed),
    line(`best single (${v.bestSingle?.signal ?? '-'})`, v.bestSingle),
    line('current definition', v.current),
    ...(report.warnings.length > 0 ? [`Warnings: ${report.warnings.map((w) => w.code).join(', ')}`] : []),
    `Wrote ${join(out, 'proposed.yml')}, report.json and report.html (nothing applied).`,
    '',
  ].join('\n');
}
