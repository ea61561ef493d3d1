/**
 * Writes a generated data set to a directory: `events.ndjson` (or `.ndjson.gz`), `accounts.csv`
 * and `outcomes.csv`. Streams through fixed-size chunks with back-pressure, so memory stays flat
 * however many events are written.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { AccountTraitRow, DemoData } from './generate-demo.ts';
import type { OutcomeRow } from './outcome-model.ts';

const CHUNK_CHARS = 512 * 1024;

export const ACCOUNT_COLUMNS = [
  'id',
  'name',
  'domain',
  'company_size',
  'industry',
  'country',
  'plan',
  'crm_owner_email',
  'active_deal',
  'customer',
] as const satisfies readonly (keyof AccountTraitRow)[];

export const OUTCOME_COLUMNS = ['entity_type', 'entity_id', 'type', 'amount', 'owner', 'timestamp'] as const;

export interface WriteDemoSummary {
  readonly events: number;
  readonly accounts: number;
  readonly outcomes: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly files: { readonly events: string; readonly accounts: string; readonly outcomes: string };
}

export async function writeDemo(
  data: DemoData,
  options: { dir: string; gzip: boolean; onProgress?: (events: number) => void },
): Promise<WriteDemoSummary> {
  const started = performance.now();
  await mkdir(options.dir, { recursive: true });
  const files = {
    events: join(options.dir, options.gzip ? 'events.ndjson.gz' : 'events.ndjson'),
    accounts: join(options.dir, 'accounts.csv'),
    outcomes: join(options.dir, 'outcomes.csv'),
  };
  const counts = { events: 0, accounts: 0, outcomes: 0 };
  const eventLines = chunked(function* () {
    for (const message of data.messages()) {
      counts.events++;
      if (options.onProgress !== undefined && counts.events % 100_000 === 0)
        options.onProgress(counts.events);
      yield `${JSON.stringify(message)}\n`;
    }
  });
  const events = Readable.from(eventLines, { objectMode: false });
  const file = createWriteStream(files.events);
  // Level 1: the file is a transport format, and compression must not be the bottleneck.
  await (options.gzip ? pipeline(events, createGzip({ level: 1 }), file) : pipeline(events, file));
  const seconds = (performance.now() - started) / 1000;

  await writeLines(
    files.accounts,
    csvLines(ACCOUNT_COLUMNS, data.accountTraits(), (row) => {
      counts.accounts++;
      return ACCOUNT_COLUMNS.map((column) => row[column]);
    }),
  );
  await writeLines(
    files.outcomes,
    csvLines(OUTCOME_COLUMNS, data.outcomes(), (row) => {
      counts.outcomes++;
      return outcomeCells(row);
    }),
  );
  return { ...counts, seconds, eventsPerSecond: seconds > 0 ? counts.events / seconds : 0, files };
}

function outcomeCells(row: OutcomeRow): readonly (string | number | null)[] {
  const time = new Date(row.timestamp).toISOString();
  return [row.entityType, row.entityId, row.type, row.amount ?? null, row.owner ?? null, time];
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  await pipeline(
    Readable.from(
      chunked(() => lines),
      { objectMode: false },
    ),
    createWriteStream(path),
  );
}

/** Joins small strings into large chunks: one stream write per chunk, not per line. */
function* chunked(lines: () => Iterable<string>): Generator<string> {
  let buffer = '';
  for (const line of lines()) {
    buffer += line;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

function* csvLines<T>(
  header: readonly string[],
  rows: Iterable<T>,
  cells: (row: T) => readonly (string | number | boolean | null)[],
): Generator<string> {
  yield `${header.join(',')}\n`;
  for (const row of rows) yield `${cells(row).map(csvCell).join(',')}\n`;
}

/** RFC 4180: quote a cell holding a comma, quote or line break; null is an empty cell. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
