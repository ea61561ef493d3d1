/**
 * bench:nodes failover — how long real-time work stays with a dead node. Each round starts N
 * `kindling serve` nodes (default 3) on a fresh PostgreSQL database, waits until they share the
 * partitions, SIGKILLs one that holds some, and at once sends (to a live node) the events that
 * qualify a user in one of its partitions. Measured from the kill: until each of its partitions is
 * held by a live node (and until every partition is, see `allSettledMs`), and until that user's
 * alert reaches the webhook receiver. Prints one JSON line.
 *
 *   node --import tsx bench/nodes/failover.ts --rounds 3 [--nodes 3]
 *   (PostgreSQL: BENCH_POSTGRES_URL, else KINDLING_TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/test)
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LEASE_TTL_MS, PARTITIONS } from '../../src/app/join-cluster.ts';
import { partitionOf } from '../../src/cluster/membership.ts';
import { startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { PgDatabase } from '../../src/store/postgres/pg-client.ts';
import { type ServerProcess, spawnServer } from '../../test/support/server-process.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { WRITE_KEY } from '../../test/support/test-server.ts';
import { until } from '../../test/support/until.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, nodes: { type: 'string', default: '3' } },
});
const ROUNDS = Number(values.rounds);
const NODES = Number(values.nodes);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || !Number.isInteger(NODES) || NODES < 2)
  throw new Error('--rounds must be a positive integer and --nodes at least 2');
const ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ??
  process.env.KINDLING_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const WORKSPACE = 'default';
const SECRET = `whsec_${Buffer.from('failover-bench-signing-key-32-by').toString('base64')}`;
const DEFINITION = `kindling: 1
name: failover-bench
entity: user
signals:
  tried: { event: Tried, within: 30d, at_least: 3 }
points:
  tried: 100
tiers:
  cold: 0
  hot: 50
destinations:
  hook: { kind: webhook, url_env: BENCH_HOOK_URL, secret_env: BENCH_HOOK_SECRET, allow_private_network: true }
`;

interface Round {
  /** Until every partition the dead node held is held by a live node. */
  readonly partitionsMovedMs: number;
  /**
   * Until every partition is held again: partition p goes to the (p mod n)-th live node, so when n
   * changes some partitions also move between live nodes (released on one round, taken on the next).
   */
  readonly allSettledMs: number;
  readonly alertedMs: number;
}

/** Which node (by pid) holds each partition now. */
async function holders(db: PgDatabase): Promise<Map<number, number>> {
  const rows = await db.client.query<{ name: string; holder: string }>(
    `SELECT name, holder FROM leases WHERE name LIKE 'partition:%' AND expires_at > ${db.client.sql.at(1)}`,
    [Date.now()],
  );
  return new Map(rows.map((row) => [Number(row.name.slice('partition:'.length)), pidOf(row.holder)]));
}

/** Node ids are `host:pid:random` (src/outbox/node-id.ts). */
const pidOf = (holder: string): number => Number(holder.split(':').at(-2));

async function round(n: number, dir: string): Promise<Round> {
  const name = `kindling_failover_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = PgDatabase.connect(ADMIN_URL, { max: 1 });
  await admin.client.run(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = PgDatabase.connect(url.toString(), { max: 1 });
  const alerted = new Map<string, number>();
  const receiver = await startLocalServer((request, response) => {
    const body = JSON.parse(request.body) as { data?: { entityId?: string } };
    const entity = body.data?.entityId;
    if (entity !== undefined && !alerted.has(entity)) alerted.set(entity, performance.now());
    response.writeHead(200).end('ok');
  });
  const definition = join(dir, `round-${n}.yml`);
  writeFileSync(definition, DEFINITION);
  const nodes: ServerProcess[] = [];
  try {
    const env = { BENCH_HOOK_URL: `${receiver.url}/hook`, BENCH_HOOK_SECRET: SECRET };
    const args = ['--database-url', url.toString(), '--definition', definition];
    nodes.push(
      ...(await Promise.all(
        Array.from({ length: NODES }, (_, i) => spawnServer(join(dir, `r${n}-n${i}`), args, env)),
      )),
    );
    const pids = new Set(nodes.map((node) => node.child.pid));
    await until(
      async () => {
        const held = await holders(db);
        return held.size === PARTITIONS && new Set(held.values()).size === NODES;
      },
      'the nodes sharing the partitions',
      120_000,
    );
    const victim = nodes[1];
    if (victim?.child.pid === undefined) throw new Error('no node to kill');
    const victimPid = victim.child.pid;
    const theirs = [...(await holders(db))].filter(([, pid]) => pid === victimPid).map(([p]) => p);
    let user = '';
    for (let i = 0; user === ''; i++)
      if (theirs.includes(partitionOf(WORKSPACE, `pending-${i}`, PARTITIONS))) user = `pending-${i}`;
    const live = nodes.find((node) => node !== victim);
    if (live === undefined) throw new Error('no live node');

    victim.child.kill('SIGKILL');
    const killedAt = performance.now();
    await victim.exited;
    const now = Date.now();
    const reply = await fetch(`${live.url}/v1/batch`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
      },
      body: JSON.stringify({
        batch: [0, 1, 2].map((k) => ({
          type: 'track',
          messageId: `${user}-${k}`,
          userId: user,
          event: 'Tried',
          timestamp: new Date(now - (3 - k) * 1000).toISOString(),
        })),
      }),
    });
    if (!reply.ok) throw new Error(`the pending batch was refused: ${reply.status}`);
    let movedAt = 0;
    let settledAt = 0;
    const alive = (pid: number | undefined) => pid !== undefined && pid !== victimPid && pids.has(pid);
    await until(
      async () => {
        const held = await holders(db);
        if (movedAt === 0 && theirs.every((p) => alive(held.get(p)))) movedAt = performance.now();
        if (settledAt === 0 && held.size === PARTITIONS && [...held.values()].every(alive))
          settledAt = performance.now();
        return movedAt !== 0 && settledAt !== 0 && alerted.has(user);
      },
      'the partitions moved and the pending alert sent',
      120_000,
    );
    return {
      partitionsMovedMs: Math.round(movedAt - killedAt),
      allSettledMs: Math.round(settledAt - killedAt),
      alertedMs: Math.round((alerted.get(user) ?? 0) - killedAt),
    };
  } finally {
    for (const node of nodes) {
      node.child.kill('SIGTERM');
      await node.exited;
    }
    await receiver.close();
    await db.close();
    await admin.client.run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}

const summary = (values: readonly number[]) => ({
  meanMs: Math.round(values.reduce((sum, v) => sum + v, 0) / values.length),
  worstMs: Math.max(...values),
});

const dir = tempDir('kindling-failover-');
try {
  const rounds: Round[] = [];
  for (let n = 0; n < ROUNDS; n++) {
    const result = await round(n, dir.path);
    rounds.push(result);
    console.log(
      `round ${n + 1}: its partitions moved after ${(result.partitionsMovedMs / 1000).toFixed(1)} s ` +
        `(all settled after ${(result.allSettledMs / 1000).toFixed(1)} s), ` +
        `pending alert sent after ${(result.alertedMs / 1000).toFixed(1)} s`,
    );
  }
  console.log(
    JSON.stringify({
      bench: 'nodes-failover',
      nodes: NODES,
      rounds: ROUNDS,
      partitionsMoved: summary(rounds.map((r) => r.partitionsMovedMs)),
      allPartitionsSettled: summary(rounds.map((r) => r.allSettledMs)),
      pendingAlerted: summary(rounds.map((r) => r.alertedMs)),
      leaseTtlMs: LEASE_TTL_MS,
      loadAverage: loadavg().map((v) => +v.toFixed(2)),
      cpus: cpus().length,
    }),
  );
} finally {
  dir.remove();
}
