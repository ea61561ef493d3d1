/** The definition a server scores with: the configured file, else `kindling.yml` when present. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Config } from '../config/config.ts';
import type { DefinitionIR } from '../definition/ir.ts';
import { type LoadResult, loadDefinitionFile } from '../definition/load-definition.ts';
import { formatProblem } from '../definition/problems/format-problem.ts';
import { UserError } from '../lib/user-error.ts';

export const DEFAULT_DEFINITION_FILE = 'kindling.yml';

export interface ServerDefinition {
  readonly file: string;
  /** The file's text, saved as a definition version when the server starts. */
  readonly source: string;
  readonly ir: DefinitionIR;
  readonly routing: LoadResult['routing'];
  readonly destinations: LoadResult['destinations'];
}

export async function loadServerDefinition(config: Config): Promise<ServerDefinition | null> {
  const file = config.definition ?? (existsSync(DEFAULT_DEFINITION_FILE) ? DEFAULT_DEFINITION_FILE : null);
  if (file === null) return null;
  const result = await loadDefinitionFile(file);
  if (result.ir === null) {
    const errors = result.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(file, p));
    throw new UserError(`Cannot start: ${file} is not a valid definition.\n${errors.join('\n')}`, 2);
  }
  const source = await readFile(file, 'utf8');
  return { file, source, ir: result.ir, routing: result.routing, destinations: result.destinations };
}
