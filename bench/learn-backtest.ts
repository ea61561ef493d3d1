/**
 * bench:learn, backtest half: `kindling backtest` over the 10 M-event benchmark data (the demo
 * generator, 100 k users, 10 k accounts, 90 days, seed 1, imported once into .bench-cache/ exactly
 * as bench:score does, plus the demo's outcomes): 90 daily as-of evaluations of the seed-003 account
 * definition (one series query, src/sql/series/), the qualification replay and the metrics.
 * For scale it also times a few one-as-of scorings (`scoreStored`) at evenly spaced days and
 * extrapolates what 90 of them would take. Target: the 90-day backtest ≤ 60 s on 2 cores.
 * Runs alone (`node --import tsx bench/learn-backtest.ts`) or from bench/learn.ts.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scoreStored } from '../src/app/score-service.ts';
import { runBacktest } from '../src/backtest/backtest.ts';
import { loadDefinitionFile } from '../src/definition/load-definition.ts';
import { generateDemo } from '../src/demo/generate-demo.ts';
import { importDemo } from '../src/demo/import-demo.ts';
import { writeDemo } from '../src/demo/write-demo.ts';
import { importOutcomes } from '../src/import/import-outcomes.ts';
import { silentListener } from '../src/import/import-report.ts';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.ts';

const DAY = 86_400_000;
const USERS = 100_000;
const ACCOUNTS = 10_000;
const DAYS = 90;
const END = Date.UTC(2025, 5, 2);
const CACHE = resolve(import.meta.dirname, `../.bench-cache/score-${USERS}-${ACCOUNTS}-${DAYS}`);
const DEFINITION = resolve(import.meta.dirname, '../examples/demo/seed-003-accounts.yml');

export interface BacktestBenchResult {
  readonly events: number;
  readonly accounts: number;
  readonly evaluations: number;
  readonly backtestMs: number;
  readonly targetMs: number;
  readonly qualifications: number;
  readonly qualifiedAccounts: number;
  /** Precision (%) of qualifying at the top tier, its lift, and the base rate. */
  readonly topTier: {
    readonly tier: string | null;
    readonly precision: number;
    readonly lift: number | null;
  } | null;
  readonly baseRate: number;
  /** Median of the sampled one-as-of scorings, and 90 × that. */
  readonly oneAsOfMs: number;
  readonly naiveEstimateMs: number;
}

async function prepare(log: (line: string) => void): Promise<DuckDbStore> {
  const dataDir = join(CACHE, 'data');
  if (!existsSync(join(CACHE, 'ready'))) {
    log(`generating ${USERS} users / ${ACCOUNTS} accounts / ${DAYS} days (once; cached in ${CACHE})…`);
    const files = await writeDemo(
      generateDemo({ users: USERS, accounts: ACCOUNTS, days: DAYS, seed: 1, endAt: END }),
      {
        dir: join(CACHE, 'demo'),
        gzip: false,
      },
    );
    const store = await DuckDbStore.open(dataDir);
    const { events } = await importDemo(store, files, { workspaceId: 'default', receivedAt: END });
    log(`  imported ${events.stored} events in ${events.seconds.toFixed(1)} s`);
    await store.readConn.run('CHECKPOINT');
    await store.close();
    writeFileSync(join(CACHE, 'ready'), `${events.stored}\n`);
  }
  const store = await DuckDbStore.open(dataDir);
  const [[outcomes]] = (await store.readConn.runAndReadAll('SELECT count(*) FROM outcomes')).getRows() as [
    [bigint],
  ];
  if (Number(outcomes) === 0) {
    const file = join(CACHE, 'demo', 'outcomes.csv');
    const summary = await importOutcomes({ store, workspaceId: 'default', file, listener: silentListener });
    log(`  imported ${summary.stored} outcomes`);
  }
  return store;
}

export async function benchBacktest(options: {
  readonly log: (line: string) => void;
  readonly samples?: number;
}): Promise<BacktestBenchResult> {
  const { log } = options;
  const loaded = await loadDefinitionFile(DEFINITION);
  if (loaded.ir === null) throw new Error('the benchmark definition is invalid');
  const ir = loaded.ir;
  const store = await prepare(log);
  try {
    const [[events]] = (await store.readConn.runAndReadAll('SELECT count(*) FROM events')).getRows() as [
      [bigint],
    ];
    const from = END - (DAYS - 1) * DAY;
    log(`backtest: 90 daily as-of evaluations of ${ir.name} over ${events} events…`);
    const t0 = performance.now();
    const report = await runBacktest(store, [ir], {
      workspaceId: 'default',
      from,
      to: END,
      stepMs: DAY,
      horizonMs: 30 * DAY,
      cooldownMs: 14 * DAY,
    });
    const backtestMs = performance.now() - t0;
    if (!report.ok) throw new Error(report.error.message);
    const version = report.value.versions[0];
    if (version === undefined) throw new Error('bug: no version');
    const samples = options.samples ?? 3;
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const asOf = from + Math.round(((i + 1) * (END - from)) / (samples + 1) / DAY) * DAY;
      const s0 = performance.now();
      const scored = await scoreStored(store, ir, {
        workspaceId: 'default',
        asOf,
        options: { domainAccounts: false },
      });
      if (!scored.ok) throw new Error(scored.error.message);
      times.push(performance.now() - s0);
    }
    const oneAsOfMs = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
    const top = version.table.rows[0] ?? null;
    return {
      events: Number(events),
      accounts: version.entities,
      evaluations: version.evaluations,
      backtestMs: Math.round(backtestMs),
      targetMs: 60_000,
      qualifications: version.qualifications,
      qualifiedAccounts: version.qualifiedEntities,
      topTier:
        top === null ? null : { tier: top.tier, precision: top.inTier.precision, lift: top.inTier.lift },
      baseRate: version.table.baseRate,
      oneAsOfMs: Math.round(oneAsOfMs),
      naiveEstimateMs: Math.round(oneAsOfMs * version.evaluations),
    };
  } finally {
    await store.close();
  }
}

export function backtestRows(result: BacktestBenchResult): [string, string][] {
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  return [
    [
      'backtest data',
      `${result.events.toLocaleString('en')} events, ${result.accounts.toLocaleString('en')} accounts`,
    ],
    [
      'backtest, 90 daily as-ofs',
      `${seconds(result.backtestMs)} s (target ≤ ${seconds(result.targetMs)} s) ${result.backtestMs <= result.targetMs ? 'OK' : 'OVER'}`,
    ],
    [
      '  one as-of scoring (median)',
      `${seconds(result.oneAsOfMs)} s → 90 of them ≈ ${seconds(result.naiveEstimateMs)} s`,
    ],
    [
      '  qualifications, accounts',
      `${result.qualifications}, ${result.qualifiedAccounts} (top tier ${result.topTier?.tier ?? '—'}: precision ${result.topTier?.precision.toFixed(1) ?? '—'} %, base rate ${result.baseRate.toFixed(1)} %)`,
    ],
  ];
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const result = await benchBacktest({ log: (line) => process.stderr.write(`${line}\n`) });
  const rows = backtestRows(result);
  const width = Math.max(...rows.map(([name]) => name.length));
  process.stdout.write(`${rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ bench: 'learn-backtest', backtest: result })}\n`);
}
