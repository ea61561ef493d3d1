/** The `kindling` command line: one commander program, one file per command under `commands/`. */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';

/** `argv` as Node gives it (`node`, the script, then the words); only the named command is loaded. */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('kindling')
    .description('Kindling: a self-hosted product-qualified lead (PQL) engine.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  await registerCommands(program, argv.slice(2));
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  }
}
