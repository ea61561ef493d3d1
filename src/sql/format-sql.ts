/** Prints a QueryNode as indented, readable SQL: one clause per line, one column per line. */
import type { CteNode, QueryNode, SelectNode, UnionNode } from './query-node.ts';

const INDENT = '  ';

export function formatSql(node: QueryNode): string {
  const lines: string[] = [];
  if (node.ctes.length > 0) {
    lines.push('WITH');
    node.ctes.forEach((entry, index) => {
      lines.push(...formatCte(entry, index === node.ctes.length - 1));
    });
  }
  lines.push(...formatSelect(node.body, ''));
  if (node.suffix !== '') lines.push(node.suffix);
  return lines.join('\n');
}

function formatCte(entry: CteNode, last: boolean): string[] {
  const lines: string[] = [];
  if (entry.note !== null) lines.push(`${INDENT}-- ${entry.note}`);
  lines.push(`${INDENT}${entry.name} AS (`);
  lines.push(...formatBody(entry.body, INDENT.repeat(2)));
  lines.push(`${INDENT})${last ? '' : ','}`);
  return lines;
}

function formatBody(body: SelectNode | UnionNode, indent: string): string[] {
  if (body.kind === 'select') return formatSelect(body, indent);
  return body.parts.flatMap((part, index) => [
    ...(index === 0 ? [] : [`${indent}UNION ALL`]),
    ...formatSelect(part, indent),
  ]);
}

function formatSelect(node: SelectNode, indent: string): string[] {
  const lines = [`${indent}SELECT${node.distinct ? ' DISTINCT' : ''}`];
  node.columns.forEach((column, index) => {
    lines.push(`${indent}${INDENT}${column}${index === node.columns.length - 1 ? '' : ','}`);
  });
  lines.push(`${indent}FROM ${node.from}`);
  for (const join of node.joins) lines.push(`${indent}${join}`);
  node.where.forEach((condition, index) => {
    lines.push(`${indent}${index === 0 ? 'WHERE' : `${INDENT}AND`} ${condition}`);
  });
  if (node.groupBy.length > 0) lines.push(`${indent}GROUP BY ${node.groupBy.join(', ')}`);
  if (node.orderBy.length > 0) lines.push(`${indent}ORDER BY ${node.orderBy.join(', ')}`);
  return lines;
}
