/**
 * Helpers for the definition tests: write a definition inline, load it, look at codes and places.
 * Test-only; nothing in the front end imports this file.
 */
import { type LoadOptions, type LoadResult, loadDefinition } from './load-definition.ts';
import type { Problem } from './problems/catalogue.ts';

/** The three required lines, so a test only writes what it is about (its own lines start at 4). */
export const HEADER = 'kindling: 1\nname: test-pql\nentity: user\n';

/** Removes the indentation common to all non-blank lines, so YAML can be indented in test code. */
export function unindent(text: string): string {
  const lines = text
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '\n')
    .split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** Loads HEADER + body. */
export function load(body: string, options: LoadOptions = {}): LoadResult {
  return loadDefinition(HEADER + unindent(body), 'test.yml', options);
}

export function codes(result: LoadResult): string[] {
  return result.problems.map((p) => p.code);
}

/** `code@line:col`, compact enough to assert a whole list at once. */
export function places(result: LoadResult): string[] {
  return result.problems.map((p: Problem) => `${p.code}@${p.line}:${p.col}`);
}

export function only(result: LoadResult, code: string): Problem {
  const found = result.problems.filter((p) => p.code === code);
  const [problem] = found;
  if (found.length !== 1 || problem === undefined) {
    throw new Error(`expected exactly one ${code}, got: ${codes(result).join(', ') || 'none'}`);
  }
  return problem;
}
