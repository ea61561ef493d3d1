/**
 * `kindling validate [file]`: every problem of a definition file at FILE:LINE:COL with its code
 * and hint, then a summary. Exit code 1 on any error, 0 otherwise (warnings included).
 */
import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { type LoadResult, loadDefinitionFile } from '../../definition/load-definition.ts';
import { definitionVersion } from '../../definition/output/version.ts';
import { formatProblem, formatSummary } from '../../definition/problems/format-problem.ts';
import { databaseFile } from '../../store/data-dir.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { DATABASE_URL_OPTION, openStoreOrServer, type StoreLocation, storeLocation } from '../open-store.ts';
import { runAction } from '../run-action.ts';

export type ValidateFormat = 'text' | 'json';

export function register(program: Command): void {
  program
    .command('validate')
    .description('Check a PQL definition file and report every problem with its position')
    .argument('[file]', 'the definition file', 'kindling.yml')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--data-dir <dir>', 'check event names against the stored events here (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .option('--workspace <id>', 'workspace whose events to check against', DEFAULT_WORKSPACE)
    .action(
      runAction(
        async (
          file: string,
          flags: { format: ValidateFormat; dataDir?: string; databaseUrl?: string; workspace: string },
        ) => {
          const knownEvents = await storedEventNames(storeLocation(flags), flags.workspace);
          const result = await loadDefinitionFile(file, knownEvents === null ? {} : { knownEvents });
          process.stdout.write(renderValidation(result, flags.format));
          process.exitCode = validationExitCode(result);
        },
      ),
    );
}

/** Event names seen in the store, or null when there is no data to check against. */
async function storedEventNames(location: StoreLocation, workspace: string): Promise<string[] | null> {
  if (location.databaseUrl === undefined && !existsSync(databaseFile(location.dataDir))) return null;
  const access = await openStoreOrServer(location);
  if (access.kind === 'server') {
    process.stderr.write(
      `note: event names not checked; a server (pid ${access.server.pid}) holds ${location.dataDir}\n`,
    );
    return null;
  }
  try {
    return await access.store.eventNames(workspace);
  } finally {
    await access.store.close();
  }
}

export function validationExitCode(result: LoadResult): number {
  return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
}

/** The command's whole output, so it can be tested without a process. */
export function renderValidation(result: LoadResult, format: ValidateFormat): string {
  const version = result.ir === null ? null : definitionVersion(result.ir);
  if (format === 'json') {
    const valid = validationExitCode(result) === 0;
    return `${JSON.stringify({ file: result.file, valid, version, problems: result.problems }, null, 2)}\n`;
  }
  const lines = result.problems.map((p) => formatProblem(result.file, p));
  const summary = formatSummary(result.file, result.problems);
  lines.push(version === null ? summary : `${summary} (version ${version})`);
  return `${lines.join('\n')}\n`;
}
