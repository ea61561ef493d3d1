/**
 * The public entry of the definition front end: YAML text → frozen IR plus every problem, each at
 * `line:col` with a stable code. Nothing here throws at the user; a broken file is a list of
 * problems and `ir: null`.
 */
import { readFile } from 'node:fs/promises';
import type { DestinationsConfig } from '../deliver/destinations/config-schema.ts';
import { type CheckOptions, checkDefinition } from './check/check-definition.ts';
import { CheckContext } from './check/context.ts';
import type { CrmConfig } from './crm/crm-config.ts';
import type { DefinitionIR } from './ir.ts';
import { PROBLEM_CATALOGUE, type Problem } from './problems/catalogue.ts';
import { sortProblems } from './problems/format-problem.ts';
import type { RoutingConfig } from './routing/routing-config.ts';
import { parseYamlSource } from './source/yaml-source.ts';

export type LoadOptions = CheckOptions;

export interface LoadResult {
  /** The file name the caller gave, for printing problems as `FILE:LINE:COL`. */
  readonly file: string;
  /** Null when any error was found; warnings alone still give an IR. */
  readonly ir: DefinitionIR | null;
  /**
   * `routing:` resolved (docs/routing.md); null when the file has none or any error was found.
   * Not part of the IR: routing changes never change `definitionVersion(ir)`.
   */
  readonly routing: RoutingConfig | null;
  /**
   * `destinations:` as `createDestinations` takes them (secrets still named, not read); null when
   * the file has none or any error was found. Digest schedules are in `routing.digests`.
   */
  readonly destinations: DestinationsConfig | null;
  /** `crm:` (docs/crm.md), secrets still named; null when the file has none or any error was found. */
  readonly crm: CrmConfig | null;
  /** In file order. */
  readonly problems: readonly Problem[];
}

export function loadDefinition(source: string, file: string, options: LoadOptions = {}): LoadResult {
  const yaml = parseYamlSource(source);
  const ctx = new CheckContext();
  // The YAML parser reports each syntax error again from every point it loses its footing: one bad
  // indent gives several. Only the first is the mistake; fixing it makes the others go away.
  let syntaxReported = false;
  for (const issue of yaml.issues) {
    const code =
      issue.kind === 'warning' ? 'yaml-warning' : issue.duplicateKey ? 'duplicate-key' : 'yaml-syntax';
    if (code === 'yaml-syntax' && syntaxReported) continue;
    syntaxReported ||= code === 'yaml-syntax';
    ctx.reportAt(code, issue.position, { message: issue.message });
  }
  const checked = yaml.value === undefined ? null : checkDefinition(ctx, yaml.value, options);
  const valid = ctx.errorCount === 0 && checked !== null;
  return {
    file,
    ir: valid ? checked.ir : null,
    routing: valid ? checked.routing : null,
    destinations: valid ? checked.destinations : null,
    crm: valid ? checked.crm : null,
    problems: sortProblems(ctx.problems(yaml.positionOf)),
  };
}

export async function loadDefinitionFile(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
    const message = `cannot read the definition file (${reason === 'ENOENT' ? 'no such file' : reason})`;
    const { severity, hint } = PROBLEM_CATALOGUE['unreadable-file'];
    const problem: Problem = { severity, code: 'unreadable-file', message, hint, line: 1, col: 1 };
    return { file: path, ir: null, routing: null, destinations: null, crm: null, problems: [problem] };
  }
  return loadDefinition(source, path, options);
}
