/**
 * bench:nodes — Kindling on PostgreSQL and on several nodes, on this machine:
 *   1. ingest through HTTP (/v1/batch, 100-event batches, 32 connections split between the nodes)
 *      into one `kindling serve` on PostgreSQL, two on one database, and the embedded DuckDB;
 *   2. the full rescore on PostgreSQL of the demo data in a PgStore's schema (10 k users, 1 k
 *      accounts, 90 days: ~1.1 M events; `--full`: bench:score's 11.2 M), with its differences
 *      from DuckDB's scores.
 * Each figure carries the 1-minute load average when it was taken: the machine may be shared.
 * Prints a table and, last, one JSON line; rewrites the ingest and rescore rows of the measured
 * figures in docs/scaling.md (the failover row is bench/nodes/failover.ts's).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scoreStored } from '../../src/app/score-service.ts';
import { loadDefinitionFile } from '../../src/definition/load-definition.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { demoDataDir, END } from '../support/demo-data-dir.ts';
import { type IngestRun, ingestIntoNodes } from '../support/ingest-nodes.ts';
import { BENCH_POSTGRES_URL, dropDatabase, freshDatabase } from '../support/postgres-copy.ts';
import { postgresRescore } from '../support/postgres-rescore.ts';
import { rewriteScalingRows } from './scaling-table.ts';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '20' },
    concurrency: { type: 'string', default: process.env.BENCH_CONCURRENCY ?? '32' },
    runs: { type: 'string', default: '3' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const RUNS = Number(values.runs);
const SHAPE = values.full
  ? { users: 100_000, accounts: 10_000, days: 90 }
  : { users: 10_000, accounts: 1_000, days: 90 };
const DEFINITION = resolve(import.meta.dirname, '../../examples/demo/seed-003-accounts.yml');
const SCALING_DOC = resolve(import.meta.dirname, '../../docs/scaling.md');

const log = (line: string) => process.stderr.write(`${line}\n`);
const loadAverage = () => +(loadavg()[0] ?? 0).toFixed(2);
const thousands = (n: number) => n.toLocaleString('en-US');
const underLoad = (load: number) => `(load average ${load.toFixed(1)} on ${cpus().length} shared cores)`;

async function ingestOnPostgres(workDir: string, nodes: number): Promise<IngestRun> {
  const name = `kindling_bench_nodes_${nodes}`;
  const url = await freshDatabase(BENCH_POSTGRES_URL, name);
  try {
    return await ingestIntoNodes({
      workDir: join(workDir, name),
      nodes,
      args: ['--database-url', url],
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      loadAverage,
    });
  } finally {
    await dropDatabase(BENCH_POSTGRES_URL, name);
  }
}

async function rescore() {
  const loaded = await loadDefinitionFile(DEFINITION);
  if (loaded.ir === null) throw new Error('the benchmark definition is invalid');
  const dataDir = await demoDataDir(SHAPE, log);
  const duck = await DuckDbStore.open(dataDir);
  const request = { workspaceId: 'default', asOf: END, options: { domainAccounts: false } };
  const duckdb = await scoreStored(duck, loaded.ir, request);
  const [events] = await duck.database.client.query<{ n: number }>('SELECT count(*) AS n FROM events');
  await duck.close();
  if (!duckdb.ok) throw new Error(duckdb.error.message);
  log(`rescore: ${events?.n} events; copying into PostgreSQL…`);
  const result = await postgresRescore({
    database: 'kindling_bench_nodes_rescore',
    dataDir,
    ir: loaded.ir,
    asOf: END,
    runs: RUNS,
    duckdb: duckdb.value,
    log,
  });
  if (result === null) throw new Error(`PostgreSQL at ${BENCH_POSTGRES_URL} does not answer`);
  return { ...result, events: Number(events?.n ?? 0), loadAverage: loadAverage() };
}

async function main(): Promise<void> {
  const dir = tempDir('kindling-bench-nodes-');
  log(`bench:nodes: ${SECONDS} s of ingest per setup, ${CONCURRENCY} connections; load ${loadAverage()}`);
  try {
    const onePg = await ingestOnPostgres(dir.path, 1);
    log(`  1 PostgreSQL node: ${onePg.eventsPerSecond} events/s (load ${onePg.loadAverage})`);
    const twoPg = await ingestOnPostgres(dir.path, 2);
    log(`  2 PostgreSQL nodes: ${twoPg.eventsPerSecond} events/s (load ${twoPg.loadAverage})`);
    const duck = await ingestIntoNodes({
      workDir: join(dir.path, 'duckdb'),
      nodes: 1,
      args: [],
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      loadAverage,
    });
    log(`  embedded DuckDB: ${duck.eventsPerSecond} events/s (load ${duck.loadAverage})`);
    const scored = await rescore();
    const eventsLabel = `${(scored.events / 1e6).toFixed(1)} M events`;
    const rows = [
      { key: 'ingest, 1 node on PostgreSQL', label: 'ingest, 1 node on PostgreSQL (events/s)', run: onePg },
      { key: 'ingest, 2 nodes on PostgreSQL', label: 'ingest, 2 nodes on PostgreSQL (events/s)', run: twoPg },
      {
        key: 'ingest, embedded DuckDB',
        label: 'ingest, embedded DuckDB for comparison (events/s)',
        run: duck,
      },
    ].map((r) => ({
      key: r.key,
      label: r.label,
      value: `${thousands(r.run.eventsPerSecond)} ${underLoad(r.run.loadAverage)}`,
    }));
    rows.push({
      key: 'full rescore on PostgreSQL',
      label: `full rescore on PostgreSQL (${eventsLabel})`,
      value: `${(scored.ms / 1000).toFixed(1)} s ${underLoad(scored.loadAverage)}`,
    });
    for (const row of rows) process.stdout.write(`${row.label.padEnd(52)} ${row.value}\n`);
    process.stdout.write(
      `rescore: ${scored.accounts} accounts, median of ${scored.runs}, ${scored.differences} differences from DuckDB; copy ${scored.loadSeconds} s\n`,
    );
    if (!values['no-docs']) rewriteScalingRows(SCALING_DOC, rows);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'nodes',
        machine: {
          cpus: cpus().length,
          model: cpus()[0]?.model,
          memGiB: Math.round(totalmem() / 2 ** 30),
          node: process.version,
        },
        seconds: SECONDS,
        concurrency: CONCURRENCY,
        ingest: { postgres1: onePg, postgres2: twoPg, duckdb: duck },
        rescore: scored,
      })}\n`,
    );
  } finally {
    dir.remove();
  }
}

await main();
