import type { Problem } from './catalogue.ts';

/** `FILE:LINE:COL error CODE message`, then the hint on an indented line (as compilers print notes). */
export function formatProblem(file: string, problem: Problem): string {
  const head = `${file}:${problem.line}:${problem.col} ${problem.severity} ${problem.code} ${problem.message}`;
  return problem.hint === '' ? head : `${head}\n  hint: ${problem.hint}`;
}

/** `kindling.yml: 2 errors, 1 warning` (or `… is valid`). */
export function formatSummary(file: string, problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (problems.length === 0) return `${file}: valid, no problems`;
  if (errors === 0) return `${file}: valid, ${plural(warnings, 'warning')}`;
  return `${file}: ${[plural(errors, 'error'), ...(warnings > 0 ? [plural(warnings, 'warning')] : [])].join(', ')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Errors first would hide the file's reading order; sort by position, then by code for stability. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col || a.code.localeCompare(b.code));
}
