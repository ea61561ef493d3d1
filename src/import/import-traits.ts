/**
 * Traits from CSV: one row per entity, the key column names it, every other column becomes a trait.
 * With a timestamp column, each row's values count from that time; without, since the beginning.
 */
import { parseIsoTimestamp } from '../collect/timestamp.ts';
import type { EventStore, TraitRow } from '../store/store.ts';
import { csvRecords, typedCsvValue } from './csv-records.ts';
import type { ImportListener, ImportSummary } from './import-report.ts';

const CHUNK = 20_000;

export async function importTraits(options: {
  readonly store: EventStore;
  readonly workspaceId: string;
  readonly file: string;
  readonly entityType: 'user' | 'account';
  readonly keyColumn: string;
  readonly timestampColumn: string | null;
  readonly listener: ImportListener;
}): Promise<ImportSummary> {
  const { store, workspaceId, listener, keyColumn, timestampColumn } = options;
  const started = performance.now();
  let read = 0;
  let stored = 0;
  let rejected = 0;
  let rows: TraitRow[] = [];
  const flush = async () => {
    stored += await store.appendTraits(workspaceId, rows);
    rows = [];
  };
  const bad = (line: number, code: string, detail: string) => {
    rejected++;
    listener.bad({ line, code, detail });
  };

  for await (const record of csvRecords(options.file, (b, t) => listener.progress(b, t, read))) {
    read++;
    const entityId = record.values[keyColumn];
    if (entityId === undefined || entityId === '') {
      bad(record.line, 'missing-key', `No value in the key column "${keyColumn}".`);
      continue;
    }
    let timestamp: number | null = null;
    if (timestampColumn !== null) {
      timestamp = parseIsoTimestamp(record.values[timestampColumn] ?? '');
      if (timestamp === null) {
        bad(record.line, 'invalid-timestamp', `"${timestampColumn}" is not an ISO-8601 time.`);
        continue;
      }
    }
    for (const [key, text] of Object.entries(record.values)) {
      if (key === keyColumn || key === timestampColumn) continue;
      const value = typedCsvValue(text);
      if (value === null) continue;
      rows.push({
        entityType: options.entityType,
        entityId,
        key,
        value: JSON.stringify(value),
        timestamp,
        source: 'import',
      });
    }
    if (rows.length >= CHUNK) await flush();
  }
  await flush();
  return { read, stored, duplicates: 0, rejected, seconds: (performance.now() - started) / 1000 };
}
