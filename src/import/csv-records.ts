/**
 * CSV rows as header-keyed records with their line numbers, streamed (csv-parse), plus the one
 * typing rule imports use: numbers and booleans are recognised, everything else stays a string.
 */
import { parse } from 'csv-parse';
import type { JsonValue } from '../lib/json.ts';
import { fileLines } from './file-lines.ts';

export interface CsvRecord {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export async function* csvRecords(
  path: string,
  progress: (bytesRead: number, total: number) => void,
): AsyncGenerator<CsvRecord> {
  const source = fileLines(path);
  const parser = parse({
    columns: true,
    skip_empty_lines: true,
    bom: true,
    info: true,
    relax_column_count: true,
    trim: true,
  });
  const feed = (async () => {
    for await (const line of source.lines) {
      if (!parser.write(`${line}\n`)) await new Promise((r) => parser.once('drain', r));
    }
    parser.end();
  })();
  let n = 0;
  for await (const row of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    if (++n % 5000 === 0) progress(source.bytesRead(), source.totalBytes);
    yield { line: row.info.lines, values: row.record };
  }
  await feed;
  progress(source.totalBytes, source.totalBytes);
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Empty → missing (null); `true`/`false` → boolean; a plain decimal → number (so `company_size >= 100`
 * works); anything else, including zero-padded codes like `02134`, stays a string.
 */
export function typedCsvValue(text: string): JsonValue {
  if (text === '') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (NUMBER.test(text)) {
    const n = Number(text);
    if (Number.isFinite(n)) return n;
  }
  return text;
}
