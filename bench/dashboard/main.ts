/**
 * bench:dashboard — the lead queue's first page (50 of 10,000 leads: filter, sort, facets, in
 * the database), the figure a test used to assert under 500 ms. Median of BENCH_DASHBOARD_RUNS (default
 * 5) after a warm-up; prints a table, then one JSON line. The first paint is printed by
 * test/dashboard/dashboard.test.ts (it needs Chromium) and is not asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { leadQuerySchema, listLeads } from '../../src/dashboard/lead-list.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { seedLeads } from '../../test/support/seed-leads.ts';

const LEADS = 10_000;
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 5);
const NOW = Date.UTC(2026, 0, 15, 12);
const GOAL_MS = 500;

const dir = mkdtempSync(join(tmpdir(), 'kindling-bench-dashboard-'));
const store = await DuckDbStore.open(dir, () => NOW);
const db = await store.database.session();
const times: number[] = [];
try {
  await seedLeads(db, LEADS, NOW);
  const page = () => listLeads(db, 'w', leadQuerySchema.parse({}), NOW);
  await page();
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await page();
    times.push(performance.now() - started);
  }
} finally {
  await db.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;
const rows: [string, string][] = [
  ['machine', `${cpus().length} cores, Node ${process.versions.node}, load ${loadavg()[0]?.toFixed(2)}`],
  [
    `lead queue page (50 of ${LEADS.toLocaleString('en')})`,
    `${median.toFixed(0)} ms median of ${RUNS} (goal ≤ ${GOAL_MS} ms) ${median <= GOAL_MS ? 'OK' : 'OVER'}`,
  ],
];
const width = Math.max(...rows.map(([name]) => name.length));
process.stdout.write(`${rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')}\n`);
process.stdout.write(
  `${JSON.stringify({ bench: 'dashboard', leads: LEADS, runs: RUNS, medianMs: Math.round(median) })}\n`,
);
