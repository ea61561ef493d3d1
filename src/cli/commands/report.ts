/**
 * `kindling report [--from --to] [--format table|json|html] [--compare-shadow]`: the funnel of
 * the recorded qualifications (docs/funnel.md). Through the admin API when a server holds the data.
 */
import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { type FunnelFormat, formatFunnel } from '../../report/funnel-format.ts';
import { funnelReport } from '../../report/funnel-report.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { openStoreOrServer } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';
import { parseTime } from './backtest.ts';

const DAY = 86_400_000;

interface ReportFlags {
  from?: string;
  to?: string;
  entity?: 'user' | 'account';
  format: FunnelFormat;
  compareShadow?: boolean;
  out?: string;
  workspace: string;
  dataDir?: string;
}

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'The funnel: PQLs per week and tier, SLA, conversion by tier, score band, signal and version',
    )
    .option('--from <time>', 'start of the period (default: 90 days before --to)')
    .option('--to <time>', 'end of the period, exclusive (default: now)')
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
    .option('--workspace <id>', 'workspace', DEFAULT_WORKSPACE)
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .action(
      runAction(async (flags: ReportFlags) => {
        const to = flags.to === undefined ? Date.now() : parseTime('--to', flags.to);
        const from = flags.from === undefined ? to - 90 * DAY : parseTime('--from', flags.from);
        if (from >= to) throw new UserError('--from must be before --to.');
        const config = loadConfig({ dataDir: flags.dataDir });
        const access = await openStoreOrServer(config.dataDir);
        if (access.kind === 'server') {
          throw new UserError(
            `A Kindling server (pid ${access.server.pid}, ${access.server.url}) holds ${config.dataDir}: ` +
              `use GET ${access.server.url}/api/metrics/funnel?from=…&to=… with an admin key, or stop it.`,
          );
        }
        try {
          const result = await funnelReport(access.store.readConn, {
            workspaceId: flags.workspace,
            from,
            to,
            ...(flags.entity === undefined ? {} : { entityType: flags.entity }),
            compareShadow: flags.compareShadow === true,
          });
          const text = formatFunnel(result, flags.format);
          if (flags.out === undefined) process.stdout.write(text);
          else {
            writeFileSync(flags.out, text);
            process.stderr.write(`Wrote ${flags.out}\n`);
          }
        } finally {
          await access.store.close();
        }
      }),
    );
}
