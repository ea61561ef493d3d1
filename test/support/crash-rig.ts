/**
 * A crash rig for real-time qualification: `kindling serve --definition` on a fresh data directory
 * with a webhook destination pointed at a local receiver; two users send `Demo Requested` (a
 * hand-raiser). The server is killed (by the test, or by itself at a crash point: see
 * src/realtime/crash-point.ts), restarted, and the rig waits until both alerts arrive, then stops
 * the server and reads the store: one qualification, one lead and one delivery per user.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type LocalServer, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { CRASH_POINTS, type CrashPoint } from '../../src/realtime/crash-point.ts';
import { connect } from '../../src/store/duckdb/attached-databases.ts';
import { openDatabase } from '../../src/store/duckdb/open-database.ts';
import { type ServerProcess, spawnServer } from './server-process.ts';
import { tempDir } from './temp-dir.ts';
import { WRITE_KEY } from './test-server.ts';
import { until } from './until.ts';

const SECRET = `whsec_${Buffer.from('crash-rig-signing-key-32-bytes!!').toString('base64')}`;

export const HAND_RAISER_YAML = `kindling: 1
name: demo-requests
entity: user
signals:
  requested_demo:
    label: Requested a demo
    event: Demo Requested
    within: 30d
points:
  requested_demo: 30
hand_raisers: [requested_demo]
tiers:
  cold: 0
  hot: 30
destinations:
  crm-hook: { kind: webhook, url_env: CRASH_RIG_HOOK_URL, secret_env: CRASH_RIG_HOOK_SECRET, allow_private_network: true }
`;

export interface CrashRig {
  readonly dataDir: string;
  readonly definitionFile: string;
  readonly receiver: LocalServer;
  /** The environment a server of this rig needs (the destination's URL and secret). */
  readonly env: Readonly<Record<string, string>>;
  /** `kindling serve --definition` on the rig's data directory, with `extra` environment. */
  serve(extra?: Readonly<Record<string, string>>): Promise<ServerProcess>;
  close(): Promise<void>;
}

export async function crashRig(): Promise<CrashRig> {
  const dir = tempDir();
  const receiver = await startLocalServer((_request, response) => response.writeHead(204).end());
  const definitionFile = join(dir.path, 'kindling.yml');
  writeFileSync(definitionFile, HAND_RAISER_YAML);
  const dataDir = join(dir.path, 'data');
  const env = { CRASH_RIG_HOOK_URL: `${receiver.url}/hook`, CRASH_RIG_HOOK_SECRET: SECRET };
  return {
    dataDir,
    definitionFile,
    receiver,
    env,
    serve: (extra = {}) => spawnServer(dataDir, ['--definition', definitionFile], { ...env, ...extra }),
    async close() {
      await receiver.close();
      dir.remove();
    },
  };
}

/** Two users, one `Demo Requested` each: the events of one acknowledged batch. */
export function demoRequests(users: readonly string[]): { batch: Record<string, unknown>[] } {
  return {
    batch: users.map((userId) => ({
      type: 'track',
      messageId: `${userId}-demo`,
      userId,
      event: 'Demo Requested',
      properties: {},
      timestamp: new Date().toISOString(),
    })),
  };
}

/** Sends the batch; the reply when one came (a server killing itself may not answer). */
export async function send(url: string, body: unknown): Promise<{ status: number; body: unknown } | null> {
  try {
    const res = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  } catch {
    return null;
  }
}

function alertedEntities(receiver: LocalServer): Map<string, Set<string>> {
  const ids = new Map<string, Set<string>>();
  for (const request of receiver.requests) {
    const payload = JSON.parse(request.body) as { data?: { entityId?: string } };
    const entity = String(payload.data?.entityId);
    const set = ids.get(entity) ?? new Set<string>();
    set.add(String(request.headers['webhook-id']));
    ids.set(entity, set);
  }
  return ids;
}

/**
 * Restarts the server (the first one is gone), waits for every user's alert, stops it, and checks
 * the store: exactly one qualification, one lead and one delivery per user, each delivery under
 * one webhook id.
 */
export async function expectEveryAlertAfterRestart(rig: CrashRig, users: readonly string[]): Promise<void> {
  const server = await rig.serve();
  try {
    await until(
      () => users.every((u) => alertedEntities(rig.receiver).has(u)),
      `alerts for ${users.join(', ')} after the restart`,
    );
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  const alerted = alertedEntities(rig.receiver);
  for (const user of users) expect(alerted.get(user)?.size, user).toBe(1);
  const instance = await openDatabase(rig.dataDir);
  const conn = await connect(instance);
  try {
    const count = async (sql: string, user: string) =>
      Number((await conn.runAndReadAll(sql, [user])).getRows()[0]?.[0]);
    for (const user of users) {
      expect(
        await count(`SELECT count(*) FROM qualifications WHERE entity_id = $1 AND kind = 'qualified'`, user),
        `${user}: qualifications`,
      ).toBe(1);
      expect(await count(`SELECT count(*) FROM leads WHERE entity_id = $1`, user), `${user}: leads`).toBe(1);
      expect(
        await count(`SELECT count(*) FROM deliveries WHERE entity_id = $1`, user),
        `${user}: deliveries`,
      ).toBe(1);
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** The rig's crash points that a pass with a qualification reaches, in order. */
export const PASS_CRASH_POINTS: readonly CrashPoint[] = CRASH_POINTS.filter((p) => p !== 'baseline-saved');
