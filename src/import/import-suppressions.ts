/**
 * The do-not-contact list from CSV (`kindling suppress import FILE.csv`). Columns, by header:
 * `value` (an e-mail or a domain, the kind inferred), `email`, `domain` (each filled cell is one
 * entry), and optional `kind` and `reason`. A file of bare addresses or domains, one per line and
 * no header, works too. Bad rows are reported by line and never stop the good ones.
 */
import { parse } from 'csv-parse';
import { normalizeSuppression, type SuppressionEntry } from '../route/suppressions/suppression-entry.ts';
import type { SuppressionStore } from '../route/suppressions/suppression-store.ts';
import { fileLines } from './file-lines.ts';
import type { ImportListener, ImportSummary } from './import-report.ts';

const VALUE_COLUMNS = ['value', 'email', 'domain'] as const;
const BATCH = 5000;

interface Input {
  readonly value: string;
  readonly kind: string | null;
  readonly reason: string | null;
}

/** How rows turn into entries, decided by the first line. */
type Layout = { readonly kind: 'bare' } | { readonly kind: 'columns'; readonly header: readonly string[] };

export async function importSuppressions(options: {
  readonly store: SuppressionStore;
  readonly workspaceId: string;
  readonly file: string;
  readonly listener: ImportListener;
  /** Recorded on each entry (default `import`). */
  readonly source?: string;
}): Promise<ImportSummary> {
  const started = performance.now();
  const totals = { read: 0, stored: 0, duplicates: 0, rejected: 0 };
  const bad = (line: number, code: string, detail: string) => {
    totals.rejected++;
    options.listener.bad({ line, code, detail });
  };
  let pending: SuppressionEntry[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const result = await options.store.add(options.workspaceId, pending, options.source ?? 'import');
    totals.stored += result.added;
    totals.duplicates += result.updated;
    pending = [];
  };
  const source = fileLines(options.file);
  let layout: Layout | null = null;
  const rows = csvRows(source.lines, (line, detail) => bad(line, 'csv-syntax', detail));
  for await (const { line, cells } of rows) {
    if (layout === null) {
      const header = cells.map((c) => c.toLowerCase());
      if (header.some((c) => (VALUE_COLUMNS as readonly string[]).includes(c))) {
        layout = { kind: 'columns', header };
        continue;
      }
      if (cells.length !== 1 || !/[@.]/.test(cells[0] ?? '')) {
        bad(
          line,
          'missing-column',
          `the header names none of ${VALUE_COLUMNS.join(', ')} (found: ${cells.join(', ')})`,
        );
        break;
      }
      layout = { kind: 'bare' };
    }
    totals.read++;
    if (totals.read % 5000 === 0)
      options.listener.progress(source.bytesRead(), source.totalBytes, totals.read);
    const inputs =
      layout.kind === 'bare'
        ? cells.map((value) => ({ value, kind: null, reason: null }))
        : rowInputs(layout.header, cells);
    if (inputs.length === 0) bad(line, 'invalid-suppression', 'the row has no value, email or domain');
    for (const input of inputs) {
      if (input.kind !== null && input.kind !== 'email' && input.kind !== 'domain') {
        bad(line, 'invalid-suppression', `kind "${input.kind}" is not email or domain`);
        continue;
      }
      const entry = normalizeSuppression({ value: input.value, kind: input.kind, reason: input.reason });
      if (entry.ok) pending.push(entry.value);
      else bad(line, 'invalid-suppression', entry.error);
    }
    if (pending.length >= BATCH) await flush();
  }
  await flush();
  options.listener.progress(source.totalBytes, source.totalBytes, totals.read);
  return { ...totals, seconds: (performance.now() - started) / 1000 };
}

function rowInputs(header: readonly string[], cells: readonly string[]): Input[] {
  const row = new Map(header.map((name, i) => [name, cells[i] ?? '']));
  const kind = row.get('kind') || null;
  const reason = row.get('reason') || null;
  return VALUE_COLUMNS.filter((column) => (row.get(column) ?? '') !== '').map((column) => ({
    value: row.get(column) ?? '',
    kind: column === 'value' ? kind : column,
    reason,
  }));
}

/**
 * CSV rows with their line numbers; blank lines skipped, cells trimmed. A record CSV cannot read
 * (an unclosed quote) is reported with its line and skipped; the rest is still read.
 */
async function* csvRows(
  lines: AsyncIterable<string>,
  broken: (line: number, detail: string) => void,
): AsyncGenerator<{ line: number; cells: string[] }> {
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    info: true,
    skip_records_with_error: true,
  });
  // The parser reports a skipped record ahead of the rows still buffered: hold it back, so problems
  // reach the listener in file order.
  const skipped: { line: number; detail: string }[] = [];
  parser.on('skip', (error: Error & { lines?: number }) =>
    skipped.push({ line: error.lines ?? 0, detail: error.message }),
  );
  const report = (before: number) => {
    while ((skipped[0]?.line ?? Number.POSITIVE_INFINITY) < before) {
      const next = skipped.shift();
      if (next !== undefined) broken(next.line, next.detail);
    }
  };
  const feed = (async () => {
    for await (const text of lines) {
      if (!parser.write(`${text}\n`)) await new Promise((resolve) => parser.once('drain', resolve));
    }
    parser.end();
  })();
  for await (const row of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    report(row.info.lines);
    yield { line: row.info.lines, cells: row.record };
  }
  await feed;
  report(Number.POSITIVE_INFINITY);
}
