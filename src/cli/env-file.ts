/**
 * Environment files for the CLI: `--env-file <file>` (anywhere on the command line) and `.env` in the
 * working directory when present, so the `.env.example` that `kindling init` writes can be used as is.
 * Variables already set in the environment win over both, and an explicit --env-file wins over .env
 * (Node's loader never overwrites a variable that is set).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../lib/user-error.ts';

export const ENV_FILE_FLAG = '--env-file';

/** Loads the files and returns the words without `--env-file <file>` / `--env-file=<file>`. */
export function loadEnvFiles(args: readonly string[], cwd: string = process.cwd()): string[] {
  const rest: string[] = [];
  const named: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === ENV_FILE_FLAG) {
      const file = args[i + 1];
      if (file === undefined || file.startsWith('-')) {
        throw new UserError(`${ENV_FILE_FLAG} expects a file, as in \`${ENV_FILE_FLAG} .env.production\`.`);
      }
      named.push(file);
      i++;
    } else if (arg.startsWith(`${ENV_FILE_FLAG}=`)) {
      named.push(arg.slice(ENV_FILE_FLAG.length + 1));
    } else {
      rest.push(arg);
    }
  }
  for (const file of named) {
    if (!existsSync(file)) throw new UserError(`${ENV_FILE_FLAG} ${file}: no such file.`);
    process.loadEnvFile(file);
  }
  const local = join(cwd, '.env');
  if (existsSync(local)) process.loadEnvFile(local);
  return rest;
}
