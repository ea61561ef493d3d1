/**
 * `kindling validate [file]`: every problem of a definition file at FILE:LINE:COL with its code
 * and hint, then a summary. Exit code 1 on any error, 0 otherwise (warnings included).
 */
import { type Command, Option } from 'commander';
import { type LoadResult, loadDefinitionFile } from '../../definition/load-definition.ts';
import { definitionVersion } from '../../definition/output/version.ts';
import { formatProblem, formatSummary } from '../../definition/problems/format-problem.ts';

export type ValidateFormat = 'text' | 'json';

export function register(program: Command): void {
  program
    .command('validate')
    .description('Check a PQL definition file and report every problem with its position')
    .argument('[file]', 'the definition file', 'kindling.yml')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (file: string, flags: { format: ValidateFormat }) => {
      const result = await loadDefinitionFile(file);
      process.stdout.write(renderValidation(result, flags.format));
      process.exitCode = validationExitCode(result);
    });
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
