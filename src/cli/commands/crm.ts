/**
 * `kindling crm push|pull|status`: the two-way CRM sync configured under `crm:` in the definition
 * file (docs/crm.md). Push writes Kindling's state onto contacts and companies (`--dry-run` prints
 * the changes and writes nothing); pull brings deals / opportunities back as outcomes; status shows
 * the last run of each. In the store itself (the data directory, or PostgreSQL beside running
 * servers); a server with `crm.every` also syncs on its own schedule.
 */
import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { CrmConfig, CrmName } from '../../definition/crm/crm-config.ts';
import { loadDefinitionFile } from '../../definition/load-definition.ts';
import { formatProblem } from '../../definition/problems/format-problem.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { DATABASE_URL_OPTION, requireLocalStore, storeLocation } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';

interface Flags {
  readonly definition: string;
  readonly workspace: string;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly only?: CrmName;
  readonly dryRun?: boolean;
}

async function requireCrmConfig(file: string): Promise<CrmConfig> {
  if (!existsSync(file)) throw new UserError(`No definition file ${file}: pass --definition <file>.`);
  const loaded = await loadDefinitionFile(file);
  if (loaded.ir === null) {
    const problems = loaded.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(file, p));
    throw new UserError(`${file} is not a valid definition:\n${problems.join('\n')}`);
  }
  if (loaded.crm === null) {
    throw new UserError(
      `${file} has no \`crm:\` section: see docs/crm.md to configure HubSpot or Salesforce.`,
    );
  }
  return loaded.crm;
}

/** Options declared on `crm` reach its subcommands through the parent. */
function inherited(command: Command): Flags {
  return command.optsWithGlobals<Flags>();
}

async function withState<T>(
  flags: Flags,
  command: string,
  use: (deps: Awaited<ReturnType<typeof openSync>>) => Promise<T>,
): Promise<T> {
  const store = await requireLocalStore(storeLocation(flags), command);
  try {
    return await use(await openSync(store));
  } finally {
    await store.close();
  }
}

async function openSync(store: Awaited<ReturnType<typeof requireLocalStore>>) {
  const [{ SqlCrmState }, sync, format] = await Promise.all([
    import('../../crm/sql-crm-state.ts'),
    import('../../crm/crm-sync.ts'),
    import('../../crm/format-sync.ts'),
  ]);
  return { store, state: new SqlCrmState(store.database.client), sync, format };
}

const failedAny = (results: readonly { ok: boolean; report?: { failed?: readonly unknown[] } }[]) =>
  results.some((r) => !r.ok || (r.report?.failed?.length ?? 0) > 0);

export function register(program: Command): void {
  const crm = program
    .command('crm')
    .description('Sync with HubSpot / Salesforce: push PQL state onto records, pull deals back as outcomes')
    .option('--definition <file>', 'the definition file holding `crm:`', 'kindling.yml')
    .option('--workspace <id>', 'workspace', DEFAULT_WORKSPACE)
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .addOption(new Option('--only <crm>', 'just this CRM').choices(['hubspot', 'salesforce']));

  crm
    .command('push')
    .description('Write score, tier, reasons and owner onto contacts and companies (only what changed)')
    .option('--dry-run', 'print the changes it would make; write nothing')
    .action(
      runAction(async (options: { dryRun?: boolean }, command: Command) => {
        const flags = inherited(command);
        const config = await requireCrmConfig(flags.definition);
        await withState(flags, 'crm push', async ({ state, sync, format }) => {
          const results = await sync.runPush(
            state,
            config,
            { env: process.env },
            {
              workspaceId: flags.workspace,
              dryRun: options.dryRun === true,
              ...(flags.only === undefined ? {} : { only: flags.only }),
            },
          );
          process.stdout.write(format.formatPush(results, options.dryRun === true));
          if (failedAny(results)) process.exitCode = 1;
        });
      }),
    );

  crm
    .command('pull')
    .description('Read deals / opportunities changed since the last pull and record them as outcomes')
    .action(
      runAction(async (_options: unknown, command: Command) => {
        const flags = inherited(command);
        const config = await requireCrmConfig(flags.definition);
        await withState(flags, 'crm pull', async ({ store, state, sync, format }) => {
          const results = await sync.runPull(
            state,
            store,
            config,
            { env: process.env },
            {
              workspaceId: flags.workspace,
              ...(flags.only === undefined ? {} : { only: flags.only }),
            },
          );
          process.stdout.write(format.formatPull(results));
          if (results.some((r) => !r.ok)) process.exitCode = 1;
        });
      }),
    );

  crm
    .command('status')
    .description('The last push and pull of each CRM: when, counts, failures')
    .action(
      runAction(async (_options: unknown, command: Command) => {
        const flags = inherited(command);
        await withState(flags, 'crm status', async ({ state, format }) => {
          process.stdout.write(format.formatRuns(await state.lastRuns(flags.workspace)));
        });
      }),
    );
}
