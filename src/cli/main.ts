/** The `kindling` command line: one commander program, one file per command under `commands/`. */
import { Command, CommanderError } from 'commander';
import { UserError } from '../lib/user-error.ts';
import { registerCommands } from './commands/index.ts';
import { ENV_FILE_FLAG, loadEnvFiles } from './env-file.ts';
import { watchNewDataDir } from './new-data-dir.ts';
import { failedActions } from './run-action.ts';

/**
 * Every command that reads or writes stored data takes these (declared on each command, so that
 * they may follow its name); listed once here for `kindling --help`.
 */
const STORE_OPTIONS_HELP = `
Where the data is (every command that reads or writes it):
  --data-dir <dir>      the embedded database's directory (env KINDLING_DATA_DIR; default ./.kindling)
  --database-url <url>  a PostgreSQL database instead (env KINDLING_DATABASE_URL); commands run
                        beside the servers on it
  --env-file <file>     read environment variables from this file first`;

/** `argv` as Node gives it (`node`, the script, then the words); only the named command is loaded. */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('kindling')
    .description('Kindling: a self-hosted product-qualified lead (PQL) engine.')
    .version('0.1.0')
    // Read by loadEnvFiles before commander runs; declared here so --help lists it.
    .option(
      `${ENV_FILE_FLAG} <file>`,
      'read environment variables from this file (.env is read when present)',
    )
    .showHelpAfterError('(run with --help for usage)')
    // --env-file in every command's help; where the data is, in the program's.
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', STORE_OPTIONS_HELP);
  await registerCommands(program, argv.slice(2));
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  let words: string[];
  try {
    words = loadEnvFiles(argv.slice(2));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    process.stderr.write(`kindling: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const args = [...argv.slice(0, 2), ...words];
  const program = await buildProgram(args);
  const cleanUp = watchNewDataDir(words);
  const failuresBefore = failedActions();
  let failed = true;
  try {
    await program.parseAsync(args);
    failed = failedActions() > failuresBefore;
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  } finally {
    cleanUp(failed);
  }
}
