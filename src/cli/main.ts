/** The `kindling` command line: one commander program, one file per command under `commands/`. */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';

export function buildProgram(): Command {
  const program = new Command('kindling')
    .description('Kindling: a self-hosted product-qualified lead (PQL) engine.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  registerCommands(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
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
