/**
 * Small shared pieces of the real-data mappings: reading a source CSV, writing Kindling's import
 * files (traits CSV, outcomes CSV, events NDJSON), and ISO times. Each mapping is one file beside this.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ensureDir } from '../../src/lib/ensure-dir.ts';

export type Row = Readonly<Record<string, string>>;

export function readCsv(path: string, delimiter: string): Row[] {
  return parse(readFileSync(path, 'utf8'), {
    columns: true,
    delimiter,
    skip_empty_lines: true,
    bom: true,
    trim: true,
  });
}

const cell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function writeCsv(
  path: string,
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): void {
  writeFileSync(path, `${[header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n')}\n`);
}

export function writeNdjson(path: string, messages: readonly object[]): void {
  writeFileSync(path, `${messages.map((m) => JSON.stringify(m)).join('\n')}\n`);
}

export const OUTCOME_HEADER = ['entity_type', 'entity_id', 'type', 'amount', 'owner', 'timestamp'] as const;

export const iso = (ms: number): string => new Date(ms).toISOString();
export const DAY = 86_400_000;

export { ensureDir };

/** A lead table's two import files: traits (`id`, the time column, the traits) and outcomes. */
export function writeLeadTable(
  outDir: string,
  table: {
    readonly timeColumn: string;
    readonly traitColumns: readonly string[];
    readonly traits: readonly (readonly (string | number | null)[])[];
    readonly outcomes: readonly (readonly (string | number | null)[])[];
  },
): { traits: string; outcomes: string } {
  ensureDir(outDir);
  const files = { traits: join(outDir, 'traits.csv'), outcomes: join(outDir, 'outcomes.csv') };
  writeCsv(files.traits, ['id', table.timeColumn, ...table.traitColumns], table.traits);
  writeCsv(files.outcomes, OUTCOME_HEADER, table.outcomes);
  return files;
}

/**
 * The calibration settings of a data set (`kindling calibrate --settings <out>/calibrate.json`):
 * what the entity is, when it is decided and which columns leak the label. The fields are those of
 * `calibrationSettingsSchema` (src/app/calibration-features-settings.ts).
 */
export function writeCalibrationSettings(
  outDir: string,
  settings: Readonly<Record<string, unknown>>,
): string {
  ensureDir(outDir);
  const path = join(outDir, 'calibrate.json');
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
  return path;
}

export interface MappingSummary {
  readonly entities: number;
  readonly converted: number;
  readonly events: number;
  readonly files: Readonly<Record<string, string>>;
  /** Source columns left out on purpose, with the reason (leakage, identifiers). */
  readonly excluded: Readonly<Record<string, string>>;
}

export const outPath = (dir: string, name: string): string => join(dir, name);
