/**
 * UCI Online Shoppers Purchasing Intention (../shared/data/uci-online-shoppers-intention) → one user
 * per session (`session-<row>`), the session aggregates as traits, won/lost from `Revenue`.
 *
 * There is no year, day or user id: sessions are placed in their month of one year (2018 here, an
 * arbitrary choice) in file order, so months give a coarse time order for a holdout.
 * Leakage: `PageValues` is derived from pages that led to transactions and partly encodes the label;
 * it is left out unless `includePageValues` (to report results with and without it, as its README asks),
 * and the calibration settings written beside the files exclude it either way.
 *   node --import tsx examples/data/online-shoppers.ts [source-dir] [out-dir] [--with-page-values]
 */
import { join } from 'node:path';
import {
  iso,
  type MappingSummary,
  readCsv,
  writeCalibrationSettings,
  writeLeadTable,
} from './mapping-kit.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'June', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const YEAR = 2018;

export function mapOnlineShoppers(
  sourceDir: string,
  outDir: string,
  options: { includePageValues: boolean } = { includePageValues: false },
): MappingSummary {
  const rows = readCsv(join(sourceDir, 'online_shoppers_intention.csv'), ';');
  const excluded: Record<string, string> = {
    Revenue: 'the label itself (written as outcomes)',
    Month: 'folded into session_at',
  };
  if (!options.includePageValues)
    excluded.PageValues = 'partly encodes the label (Google Analytics page value)';
  const traitColumns = Object.keys(rows[0] ?? {}).filter((c) => !(c in excluded));
  const seenInMonth = new Map<number, number>();
  const traits: (string | number | null)[][] = [];
  const outcomes: (string | number | null)[][] = [];
  rows.forEach((row, i) => {
    const month = MONTHS.indexOf(row.Month ?? '');
    if (month < 0) throw new Error(`row ${i + 2}: unknown month ${row.Month}`);
    const n = seenInMonth.get(month) ?? 0;
    seenInMonth.set(month, n + 1);
    // File order within the month, one second apart: an order, not a real time of day.
    const at = Date.UTC(YEAR, month, 1) + n * 1000;
    const id = `session-${i + 1}`;
    traits.push([id, iso(at), ...traitColumns.map((c) => booleanText(row[c]))]);
    outcomes.push(['user', id, row.Revenue === 'TRUE' ? 'won' : 'lost', null, null, iso(at + 3_600_000)]);
  });
  const files = writeLeadTable(outDir, { timeColumn: 'session_at', traitColumns, traits, outcomes });
  // Even when PageValues is imported (to compare), calibration leaves it out unless asked not to.
  const settings = writeCalibrationSettings(outDir, {
    note: 'UCI Online Shoppers: one session per user, decided when recorded; PageValues partly encodes the purchase',
    from: 'traits',
    entity: 'user',
    decisionAfter: '0',
    excludeTraits: ['PageValues'],
  });
  return {
    entities: rows.length,
    converted: rows.filter((r) => r.Revenue === 'TRUE').length,
    events: 0,
    files: { ...files, settings },
    excluded,
  };
}

/** The source writes TRUE/FALSE; Kindling's CSV import reads true/false as booleans. */
function booleanText(value: string | undefined): string | null {
  if (value === undefined) return null;
  return value === 'TRUE' ? 'true' : value === 'FALSE' ? 'false' : value;
}

if (process.argv[1]?.endsWith('online-shoppers.ts')) {
  const summary = mapOnlineShoppers(
    process.argv[2] ?? '../shared/data/uci-online-shoppers-intention',
    process.argv[3] ?? 'data-import/online-shoppers',
    { includePageValues: process.argv.includes('--with-page-values') },
  );
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
