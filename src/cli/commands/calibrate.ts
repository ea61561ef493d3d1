/**
 * `kindling calibrate`: propose a transparent point model from won/lost outcomes, validated on a
 * later holdout, written as a definition file with a diff and a report. Never applied: a person
 * reviews the proposal and adopts it.
 *
 * Candidate signals are computed from the store as of each entity's decision time (strictly before
 * its outcome): generated from the event vocabulary and traits (`--from events`, the default) or from
 * traits alone (`--from traits`, a lead table), plus the current definition's own signals.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { calibrationFeatures } from '../../app/calibration-features.ts';
import {
  type CalibrationSettings,
  readSettingsFile,
  resolveSettings,
} from '../../app/calibration-features-settings.ts';
import { currentTiersOf } from '../../app/definition-features.ts';
import { holdoutOrder } from '../../app/holdout-order.ts';
import { loadConfig } from '../../config/config.ts';
import {
  type CalibrationReport,
  calibrate,
  diffDefinitions,
  type HoldoutRule,
  proposeDefinition,
  renderReportHtml,
} from '../../learn/index.ts';
import { ensureDir } from '../../lib/ensure-dir.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { requireDefinition } from '../definition-input.ts';
import { DATABASE_URL_OPTION, MEMORY_LIMIT_OPTION, requireLocalStore } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';

interface CalibrateFlags {
  from?: 'events' | 'traits';
  entity?: 'user' | 'account';
  label: string;
  targetRate?: string;
  targetPrecision?: string;
  holdout: string;
  holdoutBy?: string;
  holdoutSeed?: string;
  definition?: string;
  decisionAfter?: string;
  decisionAt?: string;
  decideAt?: string;
  horizon?: string;
  windows?: string;
  excludeEvent: string[];
  excludeTrait: string[];
  onlyDecided?: boolean;
  pqlTier?: string;
  maxSignals?: string;
  onLeakage: 'exclude' | 'refuse';
  settings?: string;
  name?: string;
  out: string;
  workspace: string;
  dataDir?: string;
  databaseUrl?: string;
  memoryLimit?: string;
}

/** `10%` or `10` → 10, strictly between 0 and 100. */
export function percent(text: string, flag: string): number {
  const value = Number(text.trim().replace(/%$/, ''));
  if (!Number.isFinite(value) || value <= 0 || value >= 100) {
    throw new UserError(`${flag} must be a percentage strictly between 0 and 100, got "${text}".`);
  }
  return value;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command): void {
  program
    .command('calibrate')
    .description('Propose a point model from won/lost outcomes, validated on a later holdout (never applied)')
    .option(
      '--definition <file>',
      'the current definition: its signals are candidates, its scores the baseline',
    )
    .addOption(
      new Option(
        '--from <source>',
        'generate candidate signals from events and traits, or traits only',
      ).choices(['events', 'traits']),
    )
    .addOption(new Option('--entity <type>', 'entities to calibrate').choices(['user', 'account']))
    .option(
      '--label <outcome>',
      'what counts as converted: won, another outcome stage (opportunity), or "active after 90d"',
      'won',
    )
    .option('--target-rate <percent>', 'PQL rate to aim for (healthy: 5–15 %)')
    .option('--target-precision <percent>', 'precision to aim for instead of a rate')
    .option('--holdout <percent>', 'latest share of entities kept for validation', '20%')
    .option(
      '--holdout-by <trait>',
      'the holdout is the latest by this trait (a date or number), not by decision time',
    )
    .option('--holdout-seed <n>', 'the holdout is a random share, reproducible with this seed')
    .option(
      '--decision-after <duration>',
      'decide each entity this long after first seen (14d; 0 for --from traits)',
    )
    .option(
      '--decide-at <rule>',
      'decide each entity exactly at "first <Event> + 7d", "last <Event> + 0d" or "first seen + 14d"',
    )
    .option('--decision-at <time>', 'decide every entity at this time (ISO-8601), or no later than it')
    .option('--horizon <duration>', 'count a win only within this long after the decision (e.g. 60d)')
    .option('--windows <list>', 'windows of the generated counts (default 7d,14d,30d)')
    .option('--exclude-event <name>', 'leave an event out of every candidate (repeatable)', collect, [])
    .option('--exclude-trait <key>', 'leave a trait out of every candidate (repeatable)', collect, [])
    .option('--only-decided', 'only entities with a won or lost outcome (default for --from traits)')
    .option('--pql-tier <name>', "the current definition's PQL tier (default: hot)")
    .option(
      '--max-signals <n>',
      'at most this many signals get points (default: one per 10 training rows of the rarer class, at most 12)',
    )
    .addOption(
      new Option('--on-leakage <action>', 'a suspected leaking signal is left out, or stops calibration')
        .choices(['exclude', 'refuse'])
        .default('exclude'),
    )
    .option('--settings <file>', 'a JSON file of these settings (examples/data mappings write one)')
    .option(
      '--name <name>',
      "name of the proposed definition (default: the current definition's, else calibrated-pql)",
    )
    .option('--out <dir>', 'where to write proposed.yml, report.json and report.html', 'calibration')
    .option('--workspace <id>', 'workspace', DEFAULT_WORKSPACE)
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .option(...MEMORY_LIMIT_OPTION)
    .action(runAction(calibrateCommand));
}

async function calibrateCommand(flags: CalibrateFlags): Promise<void> {
  if ((flags.targetRate === undefined) === (flags.targetPrecision === undefined)) {
    throw new UserError('Give exactly one of --target-rate and --target-precision.');
  }
  const target =
    flags.targetRate !== undefined
      ? { targetRate: percent(flags.targetRate, '--target-rate') }
      : { targetPrecision: percentUpTo100(flags.targetPrecision ?? '') };
  const holdoutShare = percent(flags.holdout, '--holdout') / 100;
  const maxSignals = flags.maxSignals === undefined ? undefined : Number(flags.maxSignals);
  if (maxSignals !== undefined && (!Number.isInteger(maxSignals) || maxSignals < 1)) {
    throw new UserError(`--max-signals must be a positive whole number, got "${flags.maxSignals}".`);
  }
  if (!/^(active after \d+[mhdw]|[A-Za-z][\w-]*)$/.test(flags.label.trim())) {
    throw new UserError(
      `--label must be an outcome stage (won, opportunity, …) or "active after <duration>", got "${flags.label}".`,
    );
  }
  const currentText = flags.definition === undefined ? null : readFileSync(flags.definition, 'utf8');
  const ir = flags.definition === undefined ? null : await requireDefinition(flags.definition);
  const file = flags.settings === undefined ? ok({}) : readSettingsFile(flags.settings);
  if (!file.ok) throw new UserError(`${file.error.code}: ${file.error.message}`);
  const fromFlags: CalibrationSettings = {
    from: flags.from,
    entity: flags.entity,
    decisionAfter: flags.decisionAfter,
    decisionAt: flags.decisionAt,
    decideAt: flags.decideAt,
    horizon: flags.horizon,
    windows: flags.windows === undefined ? undefined : flags.windows.split(',').map((w) => w.trim()),
    excludeEvents: flags.excludeEvent,
    excludeTraits: flags.excludeTrait,
    onlyDecided: flags.onlyDecided,
  };
  const settings = resolveSettings(file.value, fromFlags, ir?.entity ?? null);
  if (!settings.ok) throw new UserError(`${settings.error.code}: ${settings.error.message}`);
  const config = loadConfig({
    dataDir: flags.dataDir,
    databaseUrl: flags.databaseUrl,
    memoryLimit: flags.memoryLimit,
  });
  const store = await requireLocalStore(config, 'calibrate');
  try {
    const input = await calibrationFeatures(store.database, {
      workspaceId: flags.workspace,
      entityType: settings.value.entity,
      source: settings.value.source,
      decision: settings.value.decision,
      horizonMs: settings.value.horizonMs,
      label: flags.label.trim(),
      onlyDecided: settings.value.onlyDecided,
      windowsMs: settings.value.windowsMs,
      excludeEvents: settings.value.excludeEvents,
      excludeTraits: settings.value.excludeTraits,
      definition:
        ir === null
          ? null
          : { ir, options: { domainAccounts: config.domainAccounts }, pqlTier: flags.pqlTier ?? null },
    });
    if (!input.ok)
      throw new UserError(`${input.error.code}: ${input.error.message}\n  hint: ${input.error.hint}`);
    const { matrix, setup } = input.value;
    const currentTiers = ir === null ? undefined : currentTiersOf(ir, flags.pqlTier ?? null);
    const holdout = await holdoutRule(flags, async (trait) => {
      const order = await holdoutOrder(
        store.database.client,
        { workspaceId: flags.workspace, entityType: settings.value.entity, trait },
        matrix.entityIds,
      );
      if (order.missing === matrix.entityIds.length)
        throw new UserError(`--holdout-by ${trait}: no row has a number or ISO-8601 time in that trait.`);
      return order.values;
    });
    const report = calibrate(matrix, {
      target,
      holdoutShare,
      holdout,
      onLeakage: flags.onLeakage,
      setup,
      // Routing and destinations name the current tiers: the proposal keeps them and moves their minimums.
      ...(currentTiers === undefined ? {} : { currentTiers }),
      ...(maxSignals === undefined ? {} : { maxSignals }),
    });
    if (!report.ok)
      throw new UserError(`${report.error.code}: ${report.error.message}\n  hint: ${report.error.hint}`);
    ensureDir(flags.out);
    writeFileSync(join(flags.out, 'report.json'), `${JSON.stringify(report.value, null, 2)}\n`);
    writeFileSync(join(flags.out, 'report.html'), renderReportHtml(report.value));
    const { refusal } = report.value;
    if (refusal !== null) {
      // A proposal nobody should adopt is not written; an older one in the same place would mislead.
      for (const file of ['proposed.yml', 'proposed.diff']) rmSync(join(flags.out, file), { force: true });
      process.stdout.write(summary(report.value, matrix.features.length, flags.out, false));
      throw new UserError(
        `proposal-refused: ${refusal.code}: ${refusal.message}; no proposal written (see ${join(flags.out, 'report.html')})\n  hint: ${refusal.hint}`,
      );
    }
    const signals = Object.fromEntries(
      matrix.features.flatMap((f) => (f.signal === undefined ? [] : [[f.name, f.signal] as const])),
    );
    const proposed = proposeDefinition(currentText, report.value, {
      name: flags.name ?? ir?.name ?? 'calibrated-pql',
      entity: settings.value.entity,
      signals,
    });
    if (!proposed.ok)
      throw new UserError(
        `${proposed.error.code}: ${proposed.error.message}\n  hint: ${proposed.error.hint}`,
      );
    writeFileSync(join(flags.out, 'proposed.yml'), proposed.value);
    const diff = currentText === null ? '' : diffDefinitions(currentText, proposed.value);
    if (diff !== '') writeFileSync(join(flags.out, 'proposed.diff'), diff);
    process.stdout.write(summary(report.value, matrix.features.length, flags.out, diff !== ''));
  } finally {
    await store.close();
  }
}

const ok = <T>(value: T) => ({ ok: true as const, value });

async function holdoutRule(
  flags: CalibrateFlags,
  orderOf: (trait: string) => Promise<Float64Array>,
): Promise<HoldoutRule> {
  if (flags.holdoutBy !== undefined && flags.holdoutSeed !== undefined)
    throw new UserError('Give at most one of --holdout-by and --holdout-seed.');
  if (flags.holdoutSeed !== undefined) {
    const seed = Number(flags.holdoutSeed);
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new UserError(`--holdout-seed must be a whole number, got "${flags.holdoutSeed}".`);
    return { by: 'random', seed };
  }
  if (flags.holdoutBy !== undefined)
    return { by: 'order', name: flags.holdoutBy, values: await orderOf(flags.holdoutBy) };
  return { by: 'time' };
}

function percentUpTo100(text: string): number {
  const value = Number(text.trim().replace(/%$/, ''));
  if (!Number.isFinite(value) || value <= 0 || value > 100) {
    throw new UserError(`--target-precision must be a percentage in (0, 100], got "${text}".`);
  }
  return value;
}

type Metrics = CalibrationReport['validation']['proposed'];

function kept(report: CalibrationReport): string {
  const { maxSignals, maxSignalsRule } = report.model;
  const budget =
    maxSignalsRule === 'rows'
      ? `at most ${maxSignals}: one per 10 training rows of the rarer class, up to 12 (--max-signals for more)`
      : `at most ${maxSignals}, as given`;
  const cost = report.model.budgetCost;
  const costText =
    cost === null
      ? ''
      : `; the budget's cost: ${cost.signals} signals would rank the holdout at AUC ${cost.auc.toFixed(3)}, these ${report.points.length} at ${cost.proposedAuc?.toFixed(3) ?? '-'}`;
  const step = report.model.pointStep;
  return report.proposal.source === 'current'
    ? `the current definition's points kept (no fitted setting beat them on later training rows)`
    : `kept with points: ${report.points.length} (${budget}${step !== null && step > 1 ? `, in steps of ${step}` : ''})${costText}`;
}

function summary(report: CalibrationReport, candidates: number, out: string, diff: boolean): string {
  const v = report.validation;
  const fmt = (x: number | null | undefined, digits = 3) =>
    x === null || x === undefined ? '-' : x.toFixed(digits);
  const line = (name: string, m: Metrics | null) =>
    m === null
      ? `  ${name.padEnd(40)} -`
      : `  ${name.padEnd(40)} AUC ${fmt(m.auc)}  PQL rate ${fmt(m.pqlRate, 1)} %  precision ${fmt(m.precision, 1)} %  recall ${fmt(m.recall, 1)} %  top-decile lift ${fmt(m.topDecileLift, 2)}`;
  const setup = report.setup;
  const excluded =
    setup === null
      ? []
      : [
          `Excluded: events ${setup.excludedEvents.join(', ') || 'none'}; traits ${setup.excludedTraits.join(', ') || 'none'}; ${setup.leftOut.length} candidates left out before calibration, ${report.leakage.length} leakage flags`,
        ];
  return [
    ...(setup === null
      ? []
      : [`Decision time: ${setup.decision} (${setup.decisionRange[0]} to ${setup.decisionRange[1]})`]),
    ...excluded,
    `Rows: ${report.rows.total} (training ${report.rows.training}, holdout ${report.rows.holdout}: ${report.rows.holdoutRule}, from ${report.rows.holdoutFrom}${report.rows.holdoutFirstSeenFrom === null ? '' : `, first seen from ${report.rows.holdoutFirstSeenFrom}`}); base rate ${fmt(report.rows.holdoutBaseRate, 1)} % on the holdout`,
    `Candidate signals: ${candidates}; ${kept(report)}; threshold: score ≥ ${report.threshold.threshold}`,
    'Holdout:',
    line('proposed points', v.proposed),
    line(`best single (${v.bestSingle?.signal ?? '-'})`, v.bestSingle),
    line('current definition', v.current),
    ...(report.warnings.length > 0 ? [`Warnings: ${report.warnings.map((w) => w.code).join(', ')}`] : []),
    report.refusal === null
      ? `Wrote ${join(out, 'proposed.yml')}${diff ? ', proposed.diff' : ''}, report.json and report.html (nothing applied).`
      : `Wrote ${join(out, 'report.json')} and report.html; no proposal (refused: ${report.refusal.code}).`,
    '',
  ].join('\n');
}
