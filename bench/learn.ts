/**
 * bench:learn — how long learning from outcomes takes on a 2-core machine. Each half is one
 * function in its own file that returns its figures; this file runs them, prints a table (stdout)
 * and ends with one JSON line.
 *   - calibration (bench/learn-calibrate.ts): 100,000 entities × ~50 candidate signals, ≤ 10 s.
 *   - backtest (bench/learn-backtest.ts): 90 daily as-of evaluations over the 10 M-event data, ≤ 60 s.
 * Knobs: BENCH_LEARN_USERS (default 100000), BENCH_LEARN_RUNS (timed runs after a warm-up, default 3).
 */
import { cpus } from 'node:os';
import { backtestRows, benchBacktest } from './learn-backtest.ts';
import { benchCalibrate } from './learn-calibrate.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

const calibration = await benchCalibrate({
  users: Number(process.env.BENCH_LEARN_USERS ?? 100_000),
  runs: Number(process.env.BENCH_LEARN_RUNS ?? 3),
  log,
});

const backtest = await benchBacktest({ log });

const rows: [string, string][] = [
  ['machine', `${cpus().length} cores, Node ${process.versions.node}`],
  [
    'calibration data',
    `${calibration.users.toLocaleString('en')} users, ${calibration.events.toLocaleString('en')} events`,
  ],
  ['calibration rows × candidates', `${calibration.rows.toLocaleString('en')} × ${calibration.candidates}`],
  ['  feature matrix (DuckDB SQL)', `${seconds(calibration.featuresMs)} s`],
  ['  fit, sweep, holdout', `${seconds(calibration.calibrateMs)} s`],
  ['  proposal and HTML report', `${seconds(calibration.proposalMs)} s`],
  [
    'calibration total (median)',
    `${seconds(calibration.totalMs)} s (target ≤ ${seconds(calibration.targetMs)} s) ${calibration.totalMs <= calibration.targetMs ? 'OK' : 'OVER'}`,
  ],
  [
    'signals kept, holdout AUC',
    `${calibration.kept}, ${calibration.holdoutAuc?.toFixed(3) ?? '—'} (best single ${calibration.bestSingleAuc?.toFixed(3) ?? '—'})`,
  ],
  ...backtestRows(backtest),
];
const width = Math.max(...rows.map(([name]) => name.length));
process.stdout.write(`${rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')}\n`);
process.stdout.write(`${JSON.stringify({ bench: 'learn', calibration, backtest })}\n`);
