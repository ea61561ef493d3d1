/**
 * bench:cli — what a `kindling` command costs before it does anything. Times, in one run and
 * interleaved so both see the same load, `node -e 0` (Node's own start) and commands of the built
 * binary: `--help`, `init --help`, and `validate` of a small definition (which loads the definition
 * checker but no database). Goal: `--help` within 6× of `node -e 0` (median of BENCH_CLI_RUNS, 5).
 * The same `--help` from the TypeScript sources (KINDLING_FROM_SOURCE=1, through tsx) is shown for
 * comparison. Prints a table, then one JSON line. Needs the build (`npm run build`; `npm ci` does it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { staleBuild } from '../../bin/build-stamp.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'kindling.js');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 5);
const GOAL = 6;

if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')) || staleBuild(ROOT) !== null) {
  // A stale dist/ makes the binary run the sources through tsx: that is not what is measured here.
  process.stderr.write('bench:cli measures the built binary: run `npm run build` first.\n');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'kindling-bench-cli-'));
const cases: readonly { name: string; args: readonly string[]; env?: Record<string, string> }[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'kindling --help', args: [BIN, '--help'] },
  { name: 'kindling init --help', args: [BIN, 'init', '--help'] },
  {
    name: 'kindling validate (no data dir)',
    args: [BIN, 'validate', join(ROOT, 'examples', 'kindling.yml'), '--data-dir', join(scratch, 'none')],
  },
  { name: 'kindling --help from source (tsx)', args: [BIN, '--help'], env: { KINDLING_FROM_SOURCE: '1' } },
];

function once(args: readonly string[], env: Record<string, string> = {}): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status ?? run.signal}`);
  return ms;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const times = cases.map(() => [] as number[]);
try {
  for (const c of cases) once(c.args, c.env); // warm the file cache
  for (let run = 0; run < RUNS; run++) {
    for (const [i, c] of cases.entries()) times[i]?.push(once(c.args, c.env));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const medians = times.map(median);
const node = medians[0] ?? Number.NaN;
const help = medians[1] ?? Number.NaN;
const ratio = help / node;
const rows: [string, string][] = [
  ['machine', `${cpus().length} cores, Node ${process.versions.node}, load ${loadavg()[0]?.toFixed(2)}`],
  ...cases.map((c, i): [string, string] => [
    c.name,
    `${Math.round(medians[i] ?? Number.NaN)} ms (×${((medians[i] ?? Number.NaN) / node).toFixed(1)})`,
  ]),
  ['--help ÷ node -e 0', `${ratio.toFixed(2)}× (goal ≤ ${GOAL}×) ${ratio <= GOAL ? 'OK' : 'OVER'}`],
];
const width = Math.max(...rows.map(([name]) => name.length));
process.stdout.write(`${rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')}\n`);
process.stdout.write(
  `${JSON.stringify({
    bench: 'cli',
    runs: RUNS,
    medians: Object.fromEntries(cases.map((c, i) => [c.name, Math.round(medians[i] ?? Number.NaN)])),
    ratio: Number(ratio.toFixed(2)),
    goal: GOAL,
  })}\n`,
);
