/**
 * The definition a server scores with: the configured file, else `kindling.yml` when present. It
 * belongs to one workspace (`--definition-workspace`, default `default`): only that workspace is
 * scored, routed and alerted with it; every other workspace uses only its own activated versions.
 */
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
  /** The workspace the file applies to. */
  readonly workspace: string;
  /** The file's text, saved as a definition version when the server starts. */
  readonly source: string;
  readonly ir: DefinitionIR;
  readonly routing: LoadResult['routing'];
  readonly destinations: LoadResult['destinations'];
  /** `crm:` (docs/crm.md); its schedule runs inside the server when `crm.every` is set. */
  readonly crm: LoadResult['crm'];
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
  return {
    file,
    workspace: config.definitionWorkspace,
    source,
    ir: result.ir,
    routing: result.routing,
    destinations: result.destinations,
    crm: result.crm,
  };
}

/** The server's definition when `workspaceId` is the one it applies to, else null. */
export function serverDefinitionOf<T extends { readonly workspace: string }>(
  definition: T | null,
  workspaceId: string,
): T | null {
  return definition !== null && definition.workspace === workspaceId ? definition : null;
}
