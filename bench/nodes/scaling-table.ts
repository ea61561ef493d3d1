/**
 * Rewrites rows of the measured-figures table in docs/scaling.md, between its `<!-- bench:nodes`
 * and `<!-- /bench:nodes -->` markers. A row is found by the start of its first cell, so each
 * benchmark rewrites only its own rows (the failover row belongs to bench/nodes/failover.ts) and
 * leaves the others' cells as they are; a row not found is added at the end of the table.
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
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
  const rowsAt = table.flatMap((line, i) => (line.startsWith('|') ? [i] : []));
  const [header, separator, ...body] = rowsAt.map((i) => cells(table[i] ?? ''));
  if (header === undefined || separator === undefined)
    throw new Error(`${file}: the bench:nodes block has no table`);
  for (const row of rows) {
    const at = body.findIndex((cellsOfRow) => cellsOfRow[0]?.startsWith(row.key));
    if (at >= 0) body[at] = [row.label, row.value];
    else body.push([row.label, row.value]);
  }
  // Every row re-padded to the widest cell, as the formatter lays tables out; contents unchanged.
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(3, ...all.map((r) => (r[c] ?? '').length)));
  const render = (r: readonly string[]) => `| ${widths.map((w, c) => (r[c] ?? '').padEnd(w)).join(' | ')} |`;
  const rendered = [
    render(header),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...body.map(render),
  ];
  const first = rowsAt[0] ?? 0;
  const last = rowsAt[rowsAt.length - 1] ?? first;
  table.splice(first, last - first + 1, ...rendered);
  lines.splice(start + 1, end - start - 1, ...table);
  writeFileSync(file, lines.join('\n'));
}
