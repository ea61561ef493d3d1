/**
 * `kindling backtest --definition F [--compare G] --from T1 --to T2 --horizon 30d [--step 1d]`:
 * replays one definition (or two side by side) day by day over the stored history with the live
 * semantics, and joins the qualifications with won outcomes inside the horizon (docs/backtest.md).
 */
import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { runBacktest } from '../../backtest/backtest.ts';
import { type BacktestFormat, formatBacktest } from '../../backtest/backtest-format.ts';
import { DEFAULT_COOLDOWN_MS } from '../../backtest/replay-days.ts';
import { parseIsoTimestamp } from '../../collect/timestamp.ts';
import { loadConfig } from '../../config/config.ts';
import { durationMs } from '../../definition/schema/patterns.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { requireDefinition } from '../definition-input.ts';
import { DATABASE_URL_OPTION, MEMORY_LIMIT_OPTION, requireLocalStore } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';

interface BacktestFlags {
  definition: string;
  compare?: string;
  from: string;
  to: string;
  horizon: string;
  step: string;
  cooldown: string;
  format: BacktestFormat;
  out?: string;
  workspace: string;
  dataDir?: string;
  databaseUrl?: string;
  memoryLimit?: string;
}

/** An ISO-8601 date or time for a period flag. */
export function parseTime(flag: string, text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : parseIsoTimestamp(text);
  if (ms === null || Number.isNaN(ms))
    throw new UserError(`${flag} expects an ISO-8601 date or time, got "${text}".`);
  return ms;
}

export function parseDuration(flag: string, text: string): number {
  const ms = durationMs(text);
  if (ms === null || !(ms > 0))
    throw new UserError(`${flag} expects a duration such as 1d, 12h or 30d, got "${text}".`);
  return ms;
}

export function register(program: Command): void {
  program
    .command('backtest')
    .description(
      'Replay a definition day by day over stored history and measure its qualifications against won outcomes',
    )
    .requiredOption('--definition <file>', 'the definition file')
    .option('--compare <file>', 'a second definition, side by side')
    .requiredOption('--from <time>', 'first as-of (ISO-8601 date or time)')
    .requiredOption('--to <time>', 'last as-of (ISO-8601 date or time)')
    .option('--horizon <duration>', 'a win counts when it comes within this long after qualifying', '30d')
    .option('--step <duration>', 'time between evaluations', '1d')
    .option(
      '--cooldown <duration>',
      'no re-qualification at the same tier within this long',
      `${DEFAULT_COOLDOWN_MS / 86_400_000}d`,
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'html']).default('table'),
    )
    .option('--out <file>', 'write the report to a file instead of standard output')
    .option('--workspace <id>', 'workspace', DEFAULT_WORKSPACE)
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .option(...MEMORY_LIMIT_OPTION)
    .action(
      runAction(async (flags: BacktestFlags) => {
        const from = parseTime('--from', flags.from);
        const to = parseTime('--to', flags.to);
        if (to < from) throw new UserError('--to must not be before --from.');
        const stepMs = parseDuration('--step', flags.step);
        const horizonMs = parseDuration('--horizon', flags.horizon);
        const cooldownMs = flags.cooldown === '0' ? 0 : parseDuration('--cooldown', flags.cooldown);
        const definitions = [await requireDefinition(flags.definition)];
        if (flags.compare !== undefined)
          definitions.push(await requireDefinition(flags.compare, '--compare'));
        const config = loadConfig({
          dataDir: flags.dataDir,
          databaseUrl: flags.databaseUrl,
          memoryLimit: flags.memoryLimit,
        });
        const store = await requireLocalStore(config, 'backtest');
        try {
          const report = await runBacktest(store, definitions, {
            workspaceId: flags.workspace,
            from,
            to,
            stepMs,
            horizonMs,
            cooldownMs,
            options: { domainAccounts: config.domainAccounts },
          });
          if (!report.ok) throw new UserError(`${report.error.code}: ${report.error.message}`);
          const text = formatBacktest(report.value, flags.format);
          if (flags.out === undefined) process.stdout.write(text);
          else {
            writeFileSync(flags.out, text);
            process.stderr.write(`Wrote ${flags.out}\n`);
          }
        } finally {
          await store.close();
        }
      }),
    );
}
