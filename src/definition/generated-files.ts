/**
 * Files derived from the code, committed so people and editors can read them without running it:
 * the JSON Schema of the definition file and the problem-code table of the docs. A test fails
 * while either is stale; `npx tsx src/definition/write-generated-files.ts` rewrites them.
 */
import { PROBLEM_CATALOGUE, PROBLEM_CODES } from './problems/catalogue.ts';
import { definitionJsonSchemaText, JSON_SCHEMA_PATH } from './schema/definition-schema.ts';

export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly path: string;
  /** The file's expected text, given its current text (null when it does not exist yet). */
  readonly render: (current: string | null) => string;
}

export const DOCS_PATH = 'docs/definition-language.md';
const TABLE_START = '<!-- problem-codes:start (generated from src/definition/problems/catalogue.ts) -->';
const TABLE_END = '<!-- problem-codes:end -->';

export function problemCodesTable(): string {
  const rows = PROBLEM_CODES.map((code) => {
    const { severity, summary, hint } = PROBLEM_CATALOGUE[code];
    return [`\`${code}\``, severity, escapeCell(summary), escapeCell(hint)];
  });
  return alignedTable(['code', 'severity', 'meaning', 'usual fix'], rows);
}

/** Padded columns, as the formatter (Biome) writes Markdown tables, so it leaves the file alone. */
function alignedTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** The docs with the table between its markers replaced (or appended with markers if absent). */
export function withProblemCodesTable(current: string | null): string {
  const block = `${TABLE_START}\n${problemCodesTable()}\n${TABLE_END}`;
  const text = current ?? '';
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start === -1 || end === -1)
    return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}\n${block}\n`;
  return text.slice(0, start) + block + text.slice(end + TABLE_END.length);
}

export const GENERATED_FILES: readonly GeneratedFile[] = [
  { path: JSON_SCHEMA_PATH, render: () => definitionJsonSchemaText() },
  { path: DOCS_PATH, render: withProblemCodesTable },
];
