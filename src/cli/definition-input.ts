/** Options shared by the commands that score: the definition file and the `as of` time. */
import { existsSync } from 'node:fs';
import { parseIsoTimestamp } from '../collect/timestamp.ts';
import type { DefinitionIR } from '../definition/ir.ts';
import { loadDefinitionFile } from '../definition/load-definition.ts';
import { formatProblem } from '../definition/problems/format-problem.ts';
import { UserError } from './run-action.ts';

/**
 * The definition's IR; an invalid file stops the command with every problem listed. A missing file
 * names the flag that chooses it (`flag`, default --definition), since the default is easy to miss.
 */
export async function requireDefinition(file: string, flag = '--definition'): Promise<DefinitionIR> {
  if (!existsSync(file)) {
    throw new UserError(
      `No definition file ${file}: pass ${flag} <file> (for example ${flag} examples/kindling.yml), ` +
        'or write a starter with `kindling init`.',
    );
  }
  const result = await loadDefinitionFile(file);
  if (result.ir === null) {
    const problems = result.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(file, p));
    throw new UserError(
      `${file} is not a valid definition:\n${problems.join('\n')}\n(run \`kindling validate ${file}\`)`,
    );
  }
  return result.ir;
}

/** `--as-of`: an ISO-8601 time, or now when absent. */
export function parseAsOf(text: string | undefined, now: () => number = Date.now): number {
  if (text === undefined || text === 'now') return now();
  const ms = parseIsoTimestamp(text);
  if (ms === null)
    throw new UserError(`--as-of expects an ISO-8601 time such as 2026-11-01T00:00:00Z, got "${text}".`);
  return ms;
}
