/**
 * bench:score — a full re-score of every account over ~10 M events, in one run:
 *   (a) the seed-003 account definition through the compiled DuckDB SQL, on the store itself;
 *   (b) a hand-written DuckDB query of the same model (bench/score/hand-written.sql);
 *   (c) the reference evaluator on a 1 % sample of accounts (why it is the oracle, not the engine);
 *   (d) the full rescore on PostgreSQL, the same data in a PgStore's schema, when a server answers.
 * The data (demo generator, 100 k users, 10 k accounts, 90 days, seed 1) is imported once through
 * `kindling import` into .bench-cache/ and reused. Medians of repeated runs; last line is JSON.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { scoreStored } from '../../src/app/score-service.ts';
import { loadDefinitionFile } from '../../src/definition/load-definition.ts';
import { scoreEntity } from '../../src/score/reference/index.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { readDataset } from '../../src/store/read-dataset.ts';
import { demoDataDir, END } from '../support/demo-data-dir.ts';
import { postgresRescore } from '../support/postgres-rescore.ts';
import { timed } from '../support/timed.ts';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const DAYS = 90;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const POSTGRES_RUNS = Number(process.env.BENCH_POSTGRES_RUNS ?? 3);
const DEFINITION = resolve(import.meta.dirname, '../../examples/demo/seed-003-accounts.yml');

const log = (line: string) => process.stderr.write(`${line}\n`);
async function main(): Promise<void> {
  const loaded = await loadDefinitionFile(DEFINITION);
  if (loaded.ir === null) throw new Error('the benchmark definition is invalid');
  const ir = loaded.ir;
  const dataDir = await demoDataDir({ users: USERS, accounts: ACCOUNTS, days: DAYS }, log);
  const store = await DuckDbStore.open(dataDir);
  const asOf = END;
  const [[events]] = (await store.readConn.runAndReadAll('SELECT count(*) FROM events')).getRows() as [
    [bigint],
  ];
  log(`scoring ${events} stored events as of ${new Date(asOf).toISOString()}, ${RUNS} runs each`);

  const compiled = await timed(RUNS, async () => {
    const r = await scoreStored(store, ir, {
      workspaceId: 'default',
      asOf,
      options: { domainAccounts: false },
    });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });
  const handSql = readFileSync(resolve(import.meta.dirname, 'hand-written.sql'), 'utf8').replaceAll(
    '$as_of',
    `TIMESTAMP '${new Date(asOf).toISOString().replace('T', ' ').replace('Z', '')}'`,
  );
  const hand = await timed(RUNS, async () => (await store.readConn.runAndReadAll(handSql)).getRowObjectsJS());

  const byAccount = new Map(hand.result.map((r) => [String(r.account), r]));
  const mismatches = compiled.result.filter((s) => {
    const h = byAccount.get(s.entityId);
    return (
      h === undefined || Number(h.score) !== s.score || h.tier !== s.tier || h.hand_raiser !== s.handRaiser
    );
  }).length;

  const sample = compiled.result.filter((_, i) => i % 100 === 0);
  const t0 = performance.now();
  for (const s of sample) {
    const data = await readDataset(store.database.client, 'default', {
      kind: 'entity',
      type: 'account',
      id: s.entityId,
    });
    const ref = scoreEntity(ir, data, s.entityId, asOf);
    if (ref?.score !== s.score)
      throw new Error(`reference disagrees on ${s.entityId}: ${ref?.score} vs ${s.score}`);
  }
  const referenceSampleMs = performance.now() - t0;
  await store.close();
  const ratio = +(compiled.ms / hand.ms).toFixed(2);
  log(
    `(a) compiled ${compiled.ms.toFixed(0)} ms, (b) hand-written ${hand.ms.toFixed(0)} ms, ratio ${ratio}, ${mismatches} mismatches`,
  );
  const postgres =
    process.env.BENCH_POSTGRES === '0'
      ? null
      : await postgresRescore({
          database: 'kindling_bench_score',
          dataDir,
          ir,
          asOf,
          runs: POSTGRES_RUNS,
          duckdb: compiled.result,
          log,
        });
  const rows = [
    ['engine', 'accounts', 'median ms', 'note'],
    ['(a) compiled DuckDB SQL', compiled.result.length, compiled.ms.toFixed(0), 'the product path'],
    [
      '(b) hand-written DuckDB SQL',
      hand.result.length,
      hand.ms.toFixed(0),
      `${mismatches} score differences vs (a)`,
    ],
    [
      '(c) reference, 1 % sample',
      sample.length,
      referenceSampleMs.toFixed(0),
      `≈ ${((referenceSampleMs * 100) / 1000).toFixed(0)} s for all`,
    ],
    [
      '(d) PostgreSQL, PgStore schema',
      postgres?.accounts ?? '-',
      postgres?.ms.toFixed(0) ?? '-',
      postgres === null ? 'skipped' : `${postgres.differences} score differences vs (a)`,
    ],
  ];
  for (const r of rows)
    process.stdout.write(`${r.map((c, i) => String(c).padEnd(i === 0 ? 30 : 12)).join(' ')}\n`);
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`(a)/(b) = ${ratio}; peak RSS ${rss} MiB\n`);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'score',
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        memGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      // The machine may be shared: the 1-minute load average when the runs ended.
      loadAverage: +(loadavg()[0] ?? 0).toFixed(2),
      events: Number(events),
      accounts: compiled.result.length,
      runs: RUNS,
      compiledDuckDbMs: Math.round(compiled.ms),
      handWrittenDuckDbMs: Math.round(hand.ms),
      ratio,
      scoreMismatches: mismatches,
      referenceSample: { accounts: sample.length, ms: Math.round(referenceSampleMs) },
      postgres,
      peakRssMiB: rss,
    })}\n`,
  );
}

await main();
