/**
 * UCI Bank Marketing (../shared/data/uci-bank-marketing) → a lead table: one user per row
 * (`bank-<row>`), its attributes as traits known from the contact date, and won/lost outcomes from `y`.
 *
 * The file is ordered by date (May 2008 – Nov 2010) but gives only day and month: the year is
 * recovered by counting month wrap-arounds, so a time-based holdout is possible.
 * Leakage: `duration` (call length) is only known after the call; it is left out.
 *   node --import tsx examples/data/bank-marketing.ts [source-dir] [out-dir]
 */
import { join } from 'node:path';
import {
  DAY,
  iso,
  type MappingSummary,
  readCsv,
  writeCalibrationSettings,
  writeLeadTable,
} from './mapping-kit.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const EXCLUDED = {
  duration: 'leaks the label: call length is only known after the call (UCI says to drop it)',
  y: 'the label itself (written as outcomes)',
  day: 'folded into contacted_at',
  month: 'folded into contacted_at',
};

export function mapBankMarketing(sourceDir: string, outDir: string): MappingSummary {
  const rows = readCsv(join(sourceDir, 'bank-full.csv'), ';');
  const traitColumns = Object.keys(rows[0] ?? {}).filter((c) => !(c in EXCLUDED));
  let year = 2008;
  let lastMonth = -1;
  const traits: (string | number | null)[][] = [];
  const outcomes: (string | number | null)[][] = [];
  rows.forEach((row, i) => {
    const month = MONTHS.indexOf(row.month ?? '');
    if (month < 0) throw new Error(`row ${i + 2}: unknown month ${row.month}`);
    if (month < lastMonth) year++;
    lastMonth = month;
    const contactedAt = Date.UTC(year, month, Number(row.day));
    const id = `bank-${i + 1}`;
    traits.push([id, iso(contactedAt), ...traitColumns.map((c) => row[c] ?? null)]);
    // Decided at the contact; the outcome is known after it.
    outcomes.push(['user', id, row.y === 'yes' ? 'won' : 'lost', null, null, iso(contactedAt + DAY)]);
  });
  const files = writeLeadTable(outDir, { timeColumn: 'contacted_at', traitColumns, traits, outcomes });
  const settings = writeCalibrationSettings(outDir, {
    note: 'UCI Bank Marketing: a lead table decided at the contact; duration is known only after the call',
    from: 'traits',
    entity: 'user',
    decisionAfter: '0',
    excludeTraits: ['duration'],
  });
  return {
    entities: rows.length,
    converted: rows.filter((r) => r.y === 'yes').length,
    events: 0,
    files: { ...files, settings },
    excluded: EXCLUDED,
  };
}

if (process.argv[1]?.endsWith('bank-marketing.ts')) {
  const summary = mapBankMarketing(
    process.argv[2] ?? '../shared/data/uci-bank-marketing',
    process.argv[3] ?? 'data-import/bank-marketing',
  );
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
