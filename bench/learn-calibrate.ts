/**
 * bench:learn, calibration half: `kindling calibrate`'s whole pipeline on 100,000 users — the
 * population and decision times, the candidate signals from events and traits as of each decision
 * time (DuckDB SQL over the store), the fit with tuning and backward elimination, the threshold
 * sweep, the holdout validation, the proposal and the HTML report — timed from the store to the
 * files' text. The data are synthetic and deterministic (a hash of the row numbers, no clock):
 * users sign up over 90 days, a hidden intent drives how many of 12 events they send in their
 * first 30 days and whether they are won 15–35 days after signing up. They are written once with
 * SQL into a store under .bench-cache/ and reused.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { calibrationFeatures } from '../src/app/calibration-features.ts';
import { calibrate, proposeDefinition, renderReportHtml } from '../src/learn/index.ts';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.ts';

export interface CalibrationBenchOptions {
  readonly users: number;
  readonly runs: number;
  readonly log: (line: string) => void;
}

export interface CalibrationBenchResult {
  readonly users: number;
  readonly events: number;
  readonly candidates: number;
  readonly rows: number;
  readonly kept: number;
  readonly holdoutAuc: number | null;
  readonly bestSingleAuc: number | null;
  /** Medians over the timed runs, milliseconds. */
  readonly featuresMs: number;
  readonly calibrateMs: number;
  readonly proposalMs: number;
  readonly totalMs: number;
  readonly targetMs: number;
}

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const EVENTS = 12;

/** A deterministic uniform number in [0, 1) from a row number and a purpose. */
const uniform = (row: string, purpose: number) =>
  `((hash(${row} * 1000 + ${purpose}) % 1000003) / 1000003.0)`;

async function prepare(users: number, log: (line: string) => void): Promise<string> {
  const cache = resolve(import.meta.dirname, `../.bench-cache/learn-calibrate-${users}`);
  const dataDir = join(cache, 'data');
  if (existsSync(join(cache, 'ready'))) return dataDir;
  log(`writing ${users} synthetic users with SQL (once; cached in ${cache})…`);
  const store = await DuckDbStore.open(dataDir);
  const conn = await store.instance.connect();
  try {
    await conn.run(`CREATE TEMP TABLE bench_users AS
      SELECT i, 'u' || lpad(CAST(i AS VARCHAR), 7, '0') AS user_id,
        CAST(${START} + (i % 90) * CAST(${DAY} AS BIGINT) + floor(${uniform('i', 1)} * CAST(${DAY} AS BIGINT)) AS BIGINT) AS signup_ms,
        ${uniform('i', 2)} AS intent
      FROM range(${users}) t(i)`);
    // Keen users send more events and reach the deeper ones (higher numbers) more often.
    await conn.run(`INSERT INTO events (workspace_id, seq, message_id, type, event, user_id, ts, received_at, properties)
      SELECT 'default', row_number() OVER (ORDER BY u.i, j), 'bench-' || u.i || '-' || j, 'track',
        'Event ' || lpad(CAST(CAST(floor(pow(${uniform('u.i * 100 + j', 3)}, 0.4 + 2.6 * (1 - u.intent)) * ${EVENTS}) AS INTEGER) + 1 AS VARCHAR), 2, '0'),
        u.user_id,
        epoch_ms(CAST(u.signup_ms + floor(${uniform('u.i * 100 + j', 4)} * 30 * CAST(${DAY} AS BIGINT)) AS BIGINT)),
        epoch_ms(CAST(u.signup_ms + 31 * CAST(${DAY} AS BIGINT) AS BIGINT)), '{}'
      FROM bench_users u, range(60) r(j)
      WHERE j < 3 + floor(${uniform('u.i', 5)} * 20 + u.intent * 30)`);
    await conn.run(`INSERT INTO traits (workspace_id, entity_type, entity_id, key, value, ts, seq, source)
      SELECT 'default', 'user', user_id, 'plan',
        CASE WHEN ${uniform('i', 6)} < 0.3 + 0.3 * intent THEN '"trial"' ELSE '"free"' END,
        epoch_ms(signup_ms), i * 2, 'bench'
      FROM bench_users
      UNION ALL
      SELECT 'default', 'user', user_id, 'company_size',
        CAST(CAST(floor(exp(1 + 5 * ${uniform('i', 7)} + intent)) AS INTEGER) AS VARCHAR),
        epoch_ms(signup_ms), i * 2 + 1, 'bench'
      FROM bench_users`);
    await conn.run(`INSERT INTO outcomes (workspace_id, seq, entity_type, entity_id, type, amount, owner, ts, source, received_at)
      SELECT 'default', i, 'user', user_id, 'won', NULL, NULL,
        epoch_ms(CAST(signup_ms + 15 * CAST(${DAY} AS BIGINT) + floor(${uniform('i', 8)} * 20 * CAST(${DAY} AS BIGINT)) AS BIGINT)), 'bench',
        epoch_ms(CAST(signup_ms + 40 * CAST(${DAY} AS BIGINT) AS BIGINT))
      FROM bench_users
      WHERE ${uniform('i', 9)} < 1 / (1 + exp(-(-4.2 + 4.5 * intent)))`);
  } finally {
    conn.closeSync();
    await store.close();
  }
  writeFileSync(join(cache, 'ready'), `${new Date(0).toISOString()}\n`);
  return dataDir;
}

const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export async function benchCalibrate(options: CalibrationBenchOptions): Promise<CalibrationBenchResult> {
  const dataDir = await prepare(options.users, options.log);
  const store = await DuckDbStore.open(dataDir);
  try {
    const events = Number(
      (await store.readConn.runAndReadAll('SELECT count(*) FROM events')).getRows()[0]?.[0],
    );
    const timings: { features: number; calibrate: number; proposal: number }[] = [];
    let last: Omit<
      CalibrationBenchResult,
      'featuresMs' | 'calibrateMs' | 'proposalMs' | 'totalMs' | 'targetMs'
    > | null = null;
    for (let run = 0; run <= options.runs; run++) {
      const t0 = performance.now();
      const input = await calibrationFeatures(store.database, {
        workspaceId: 'default',
        entityType: 'user',
        source: 'events',
        decision: { afterMs: 14 * DAY, atMs: null },
        horizonMs: null,
        label: 'won',
        onlyDecided: false,
        windowsMs: [7 * DAY, 14 * DAY],
        excludeEvents: [],
        excludeTraits: [],
        definition: null,
      });
      if (!input.ok) throw new Error(`${input.error.code}: ${input.error.message}`);
      const t1 = performance.now();
      const report = calibrate(input.value.matrix, { target: { targetRate: 10 }, setup: input.value.setup });
      if (!report.ok) throw new Error(`${report.error.code}: ${report.error.message}`);
      const t2 = performance.now();
      const signals = Object.fromEntries(
        input.value.matrix.features.flatMap((f) =>
          f.signal === undefined ? [] : [[f.name, f.signal] as const],
        ),
      );
      const proposed = proposeDefinition(null, report.value, { name: 'bench', entity: 'user', signals });
      if (!proposed.ok) throw new Error(`${proposed.error.code}: ${proposed.error.message}`);
      renderReportHtml(report.value);
      const t3 = performance.now();
      // The first run warms DuckDB's caches and the JIT; it is not counted.
      if (run > 0) timings.push({ features: t1 - t0, calibrate: t2 - t1, proposal: t3 - t2 });
      last = {
        users: options.users,
        events,
        candidates: input.value.matrix.features.length,
        rows: report.value.rows.total,
        kept: report.value.points.length,
        holdoutAuc: report.value.validation.proposed.auc,
        bestSingleAuc: report.value.validation.bestSingle?.auc ?? null,
      };
    }
    if (last === null) throw new Error('bug: no run');
    const featuresMs = median(timings.map((t) => t.features));
    const calibrateMs = median(timings.map((t) => t.calibrate));
    const proposalMs = median(timings.map((t) => t.proposal));
    const totalMs = median(timings.map((t) => t.features + t.calibrate + t.proposal));
    return { ...last, featuresMs, calibrateMs, proposalMs, totalMs, targetMs: 10_000 };
  } finally {
    await store.close();
  }
}
