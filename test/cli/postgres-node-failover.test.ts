/**
 * Three `kindling serve` nodes on one fresh PostgreSQL database, alerting a local webhook receiver.
 * Batches go to the nodes in turn; one node is SIGKILLed mid-stream, the batches it did not answer
 * are sent again (same message ids) to another node, and the killed node is restarted. Every
 * message is stored once, and every user that qualified is alerted once: one webhook id per
 * qualification, whichever node recorded it, took its partition over, or claimed its delivery.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LocalServer, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { PgDatabase } from '../../src/store/postgres/pg-client.ts';
import { POSTGRES_RUN_URL } from '../support/backends.ts';
import { type ServerProcess, spawnServer } from '../support/server-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ADMIN_KEY, WRITE_KEY } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const USERS = 48;
/** Each user qualifies on its third `Tried`; one round sends one to every user. */
const ROUNDS = 3;
const BATCH = 8;
const SECRET = `whsec_${Buffer.from('failover-test-signing-key-32-byt').toString('base64')}`;

const dir = tempDir();
const nodes: (ServerProcess | null)[] = [];
let receiver: LocalServer | null = null;

afterAll(async () => {
  for (const node of nodes) {
    node?.child.kill('SIGTERM');
    await node?.exited;
  }
  await receiver?.close();
  dir.remove();
});

const DEFINITION = `kindling: 1
name: failover-pql
entity: user
signals:
  tried:
    event: Tried
    within: 30d
    at_least: ${ROUNDS}
points:
  tried: 100
tiers:
  cold: 0
  hot: 50
destinations:
  hook:
    kind: webhook
    url_env: FAILOVER_HOOK_URL
    secret_env: FAILOVER_HOOK_SECRET
    allow_private_network: true
`;

const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;

interface Message {
  readonly type: 'track';
  readonly messageId: string;
  readonly userId: string;
  readonly event: 'Tried';
  readonly timestamp: string;
}

function batches(now: number): Message[][] {
  const messages: Message[] = [];
  for (let round = 0; round < ROUNDS; round++)
    for (let user = 0; user < USERS; user++)
      messages.push({
        type: 'track',
        messageId: `m-${user}-${round}`,
        userId: `user-${user}`,
        event: 'Tried',
        timestamp: new Date(now - (ROUNDS - round) * 1_000).toISOString(),
      });
  const out: Message[][] = [];
  for (let at = 0; at < messages.length; at += BATCH) out.push(messages.slice(at, at + BATCH));
  return out;
}

/** True when the node acknowledged the batch (2xx); false when it failed or did not answer. */
async function send(url: string, batch: readonly Message[]): Promise<boolean> {
  try {
    const res = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ batch }),
    });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

const alertBody = z.object({ data: z.object({ entityId: z.string() }) });

describe.skipIf(POSTGRES_RUN_URL === null)('nodes on PostgreSQL when one is killed', () => {
  const url = POSTGRES_RUN_URL ?? '';

  it('stores every message once and alerts every qualification once', async () => {
    receiver = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    const definition = join(dir.path, 'kindling.yml');
    writeFileSync(definition, DEFINITION);
    const env = { FAILOVER_HOOK_URL: `${receiver.url}/hook`, FAILOVER_HOOK_SECRET: SECRET };
    const args = ['--database-url', url, '--definition', definition];
    const start = (name: string) => spawnServer(join(dir.path, name), args, env);
    nodes.push(...(await Promise.all([start('a'), start('b'), start('c')])));
    const url0 = (index: number) => nodes[index]?.url ?? '';

    const all = batches(Date.now());
    const half = Math.floor(all.length / 2);
    const victim = 1;
    const unacknowledged: Message[][] = [];
    // The first half one at a time; the rest all at once, with one node killed while they fly.
    for (const [index, batch] of all.slice(0, half).entries())
      if (!(await send(url0(index % 3), batch))) unacknowledged.push(batch);
    const flying = all.slice(half).map(async (batch, index) => {
      if (!(await send(url0((half + index) % 3), batch))) unacknowledged.push(batch);
    });
    nodes[victim]?.child.kill('SIGKILL');
    expect(await nodes[victim]?.exited).toBe('SIGKILL');
    await Promise.all(flying);
    // The client retries what was not acknowledged on another node, with the same message ids.
    // (The killed node's share of the flying batches at least was never answered.)
    expect(unacknowledged.length).toBeGreaterThan(0);
    for (const batch of unacknowledged.splice(0)) expect(await send(url0(victim + 1), batch)).toBe(true);

    nodes[victim] = await start('b');

    const db = PgDatabase.connect(url, { max: 1 });
    try {
      const alerted = () => {
        const entities = new Map<string, Set<string>>();
        for (const request of receiver?.requests ?? []) {
          const entity = alertBody.parse(JSON.parse(request.body)).data.entityId;
          const ids = entities.get(entity) ?? new Set<string>();
          ids.add(String(request.headers['webhook-id']));
          entities.set(entity, ids);
        }
        return entities;
      };
      await until(
        async () => {
          const [pending] = await db.client.query<{ n: number }>(
            `SELECT count(*) AS n FROM deliveries WHERE status <> 'delivered'`,
          );
          return alerted().size === USERS && pending?.n === 0;
        },
        'every qualification delivered',
        180_000,
      );

      const [events] = await db.client.query<{ n: number; ids: number }>(
        'SELECT count(*) AS n, count(DISTINCT message_id) AS ids FROM events',
      );
      expect(events).toEqual({ n: USERS * ROUNDS, ids: USERS * ROUNDS });
      const [qualified] = await db.client.query<{ n: number; entities: number }>(
        `SELECT count(*) AS n, count(DISTINCT entity_id) AS entities FROM qualifications WHERE kind = 'qualified'`,
      );
      expect(qualified).toEqual({ n: USERS, entities: USERS });
      const [deliveries] = await db.client.query<{ n: number }>('SELECT count(*) AS n FROM deliveries');
      expect(deliveries).toEqual({ n: USERS });
      // One webhook id per qualification: a repeat after a crash mid-send carries the same id.
      const byEntity = alerted();
      expect(byEntity.size).toBe(USERS);
      for (const ids of byEntity.values()) expect(ids.size).toBe(1);

      // The restarted node serves the scores API and the dashboard from the shared database.
      const scores = await fetch(`${url0(victim)}/api/scores`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      const body = z.object({ scores: z.array(z.object({ tier: z.string() })) }).parse(await scores.json());
      expect(body.scores.filter((score) => score.tier === 'hot')).toHaveLength(USERS);
      expect((await fetch(`${url0(victim)}/`)).status).toBe(200);
    } finally {
      await db.close();
    }
  }, 400_000);
});
