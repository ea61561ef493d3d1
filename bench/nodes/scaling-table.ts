/**
 * Rewrites rows of the measured-figures table in docs/scaling.md, between its `<!-- bench:nodes`
 * and `<!-- /bench:nodes -->` markers. A row is found by the start of its first cell, so each
 * benchmark rewrites only its own rows (the failover row belongs to bench/nodes/failover.ts);
 * a row not found is added at the end of the table.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface FigureRow {
  /** How the first cell starts: identifies the row. */
  readonly key: string;
  readonly label: string;
  readonly value: string;
}

export function rewriteScalingRows(file: string, rows: readonly FigureRow[]): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith('<!-- bench:nodes'));
  const end = lines.findIndex((line) => line.startsWith('<!-- /bench:nodes'));
  if (start < 0 || end < start)
    throw new Error(`${file}: no <!-- bench:nodes --> … <!-- /bench:nodes --> block`);
  const table = lines.slice(start + 1, end);
  const separator = table.find((line) => /^\|\s*-+\s*\|/.test(line));
  if (separator === undefined) throw new Error(`${file}: the bench:nodes block has no table`);
  const widths = separator
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim().length);
  const render = (row: FigureRow) =>
    `| ${row.label.padEnd(widths[0] ?? 0)} | ${row.value.padEnd(widths[1] ?? 0)} |`;
  for (const row of rows) {
    const at = table.findIndex((line) => line.startsWith(`| ${row.key}`));
    if (at >= 0) table[at] = render(row);
    else table.splice(table.findLastIndex((line) => line.startsWith('|')) + 1, 0, render(row));
  }
  lines.splice(start + 1, end - start - 1, ...table);
  writeFileSync(file, lines.join('\n'));
}
