/**
 * `kindling report [--from --to] [--format table|json|html] [--compare-shadow]`: the funnel of
 * the recorded qualifications (docs/funnel.md), from the store of either back end.
 */
import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { type FunnelFormat, formatFunnel } from '../../report/funnel-format.ts';
import { funnelPeriod, funnelReport, funnelScope } from '../../report/funnel-report.ts';
import type { HealthyRange } from '../../report/pql-rate-warnings.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { DATABASE_URL_OPTION, requireLocalStore } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';
import { parseTime } from './backtest.ts';

interface ReportFlags {
  from?: string;
  to?: string;
  entity?: 'user' | 'account';
  format: FunnelFormat;
  compareShadow?: boolean;
  out?: string;
  workspace?: string;
  healthyPqlRate?: string;
  dataDir?: string;
  databaseUrl?: string;
}

/** `5-15` or `5%-15%` → { min: 5, max: 15 }. */
export function healthyRange(text: string): HealthyRange {
  const match = /^\s*(\d+(?:\.\d+)?)%?\s*[-–]\s*(\d+(?:\.\d+)?)%?\s*$/.exec(text);
  const min = Number(match?.[1]);
  const max = Number(match?.[2]);
  if (match === null || !(min >= 0 && min < max && max <= 100)) {
    throw new UserError(`--healthy-pql-rate must be a range of percentages such as 5-15, got "${text}".`);
  }
  return { min, max };
}

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'The funnel: PQLs per week and tier, SLA, conversion by tier, score band, signal and version',
    )
    .option('--from <time>', "start of the period (default: the start of the workspace's data)")
    .option('--to <time>', "end of the period, exclusive (default: the end of the workspace's data)")
    .option(
      '--healthy-pql-rate <range>',
      'the healthy share of signups that become PQLs, warned outside (default 5-15)',
    )
    .addOption(
      new Option('--entity <type>', 'user or account (default: the live definition’s)').choices([
        'user',
        'account',
      ]),
    )
    .option('--compare-shadow', 'also compare the live and the shadow definition’s qualifications')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'html']).default('table'),
    )
    .option('--out <file>', 'write the report to a file instead of standard output')
    .option(
      '--workspace <id>',
      `workspace (default: ${DEFAULT_WORKSPACE} if it holds data, else the one that does)`,
    )
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .action(
      runAction(async (flags: ReportFlags) => {
        const healthyPqlRate =
          flags.healthyPqlRate === undefined ? undefined : healthyRange(flags.healthyPqlRate);
        const config = loadConfig({ dataDir: flags.dataDir, databaseUrl: flags.databaseUrl });
        const store = await requireLocalStore(
          config,
          'report',
          'read GET /api/metrics/funnel?from=…&to=… with an admin key',
        );
        try {
          // Without a window or workspace: where the data is, so a first report is never all zeros.
          const scope = await funnelScope(store.database.client, DEFAULT_WORKSPACE, flags.workspace);
          const workspaceId = flags.workspace ?? scope?.workspaceId ?? DEFAULT_WORKSPACE;
          const { from, to } = funnelPeriod(
            scope,
            {
              from: flags.from === undefined ? undefined : parseTime('--from', flags.from),
              to: flags.to === undefined ? undefined : parseTime('--to', flags.to),
            },
            Date.now(),
          );
          if (from >= to) throw new UserError('--from must be before --to.');
          if (flags.workspace === undefined || flags.from === undefined || flags.to === undefined) {
            process.stderr.write(
              `Workspace ${workspaceId}, ${new Date(from).toISOString()} to ${new Date(to).toISOString()}${scope === null ? ' (no data yet)' : ''}\n`,
            );
          }
          const result = await funnelReport(store.database.client, {
            workspaceId,
            from,
            to,
            ...(flags.entity === undefined ? {} : { entityType: flags.entity }),
            ...(healthyPqlRate === undefined ? {} : { healthyPqlRate }),
            compareShadow: flags.compareShadow === true,
          });
          const text = formatFunnel(result, flags.format);
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
