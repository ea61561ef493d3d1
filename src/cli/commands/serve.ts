/** `kindling serve`: run the collector and admin API until stopped, on the embedded store or PostgreSQL. */
import type { Command } from 'commander';
import { limitHeapGrowth, stopPretenuring } from '../../app/heap-growth.ts';
import { startKindling } from '../../app/start-kindling.ts';
import { loadConfig } from '../../config/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { maskedUrl } from '../../lib/masked-url.ts';
import type { SqlClient } from '../../lib/sql-client.ts';
import { servedStore } from '../../store/duckdb/memory-limit.ts';
import { openEventStore } from '../../store/open-event-store.ts';
import { currentVersions } from '../../versions/index.ts';
import { DATABASE_URL_OPTION, MEMORY_LIMIT_OPTION } from '../open-store.ts';
import { runAction } from '../run-action.ts';

/**
 * The banner's definition line: the file the server was started with, else the default workspace's
 * live version (saved by an earlier start or `kindling activate`), which real-time scoring uses.
 */
export async function definitionLine(file: string | null, db: SqlClient, workspace: string): Promise<string> {
  if (file !== null) return `${file} (workspace ${workspace})`;
  const { live } = await currentVersions(db, workspace);
  if (live === null)
    return 'none (scores API off; workspaces use their activated versions; see --definition)';
  return `live version ${live.version} (${live.name}), for real-time alerts; --definition also turns on the scores API`;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Start the Kindling server: Segment-compatible collector and admin API')
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR, default ./.kindling)')
    .option(...DATABASE_URL_OPTION)
    .option(...MEMORY_LIMIT_OPTION)
    .option('--port <port>', 'HTTP port (env KINDLING_PORT, default 7300)')
    .option('--host <host>', 'interface to listen on (env KINDLING_HOST, default 127.0.0.1)')
    .option(
      '--definition <file>',
      'PQL definition to score with (env KINDLING_DEFINITION, default kindling.yml if present)',
    )
    .option(
      '--definition-workspace <id>',
      'the workspace the definition file applies to (env KINDLING_DEFINITION_WORKSPACE, default default)',
    )
    .option('--log-level <level>', 'debug|info|warn|error|silent (env KINDLING_LOG_LEVEL)')
    .option('--open', 'dashboard and admin API without sign-in, loopback host only (env KINDLING_OPEN)')
    .option('--no-demo', 'do not create or run the demo workspace (env KINDLING_DEMO=false)')
    .option(
      '--base-url <url>',
      "the dashboard's public URL, for lead links in alerts (env KINDLING_BASE_URL)",
    )
    .action(
      runAction(
        async (flags: {
          dataDir?: string;
          databaseUrl?: string;
          memoryLimit?: string;
          port?: string;
          host?: string;
          logLevel?: string;
          definition?: string;
          definitionWorkspace?: string;
          open?: boolean;
          demo?: boolean;
          baseUrl?: string;
        }) => {
          // Commander gives --no-demo as demo: false (and true when absent): only an explicit flag wins.
          const config = loadConfig({
            ...flags,
            open: flags.open === true ? 'true' : undefined,
            demo: flags.demo === false ? 'false' : undefined,
          });
          const log = createLogger(config.logLevel);
          limitHeapGrowth();
          stopPretenuring();
          const served = servedStore(config);
          const running = await startKindling(served, log, {
            openStore: (now) => openEventStore(served, now),
          });
          const out = process.stdout;
          out.write(`Kindling is listening on ${running.url}\n`);
          if (config.databaseUrl === undefined) out.write(`  data directory: ${config.dataDir}\n`);
          else
            out.write(
              `  database: ${maskedUrl(config.databaseUrl)} (PostgreSQL; other nodes may share it)\n`,
            );
          out.write(
            `  definition: ${await definitionLine(running.definitionFile, running.store.database.client, config.definitionWorkspace)}\n`,
          );
          if (running.createdKeys.write)
            out.write(`  write key (shown once): ${running.createdKeys.write}\n`);
          if (running.createdKeys.admin)
            out.write(`  admin key (shown once): ${running.createdKeys.admin}\n`);
          out.write(
            `  dashboard: ${running.url}/${running.dashboard.open ? '  (open mode: no sign-in, this machine only)' : '  (sign in with an admin key)'}\n`,
          );
          if (running.dashboard.demoAdminKey)
            out.write(`  demo workspace admin key (shown once): ${running.dashboard.demoAdminKey}\n`);
          out.write(
            `  try: curl -u '<write key>:' ${running.url}/v1/track -H 'content-type: application/json' \\\n`,
          );
          out.write(`         -d '{"userId":"u1","event":"Signed Up"}'\n`);
          await stopped();
          out.write('Stopping: finishing in-flight writes…\n');
          await running.close();
        },
      ),
    );
}

const stopped = (): Promise<void> =>
  new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
