/**
 * SIGKILL between qualification and delivery: the qualification and its outbox row commit
 * together, so after a restart the alert is delivered, once (one successful receipt, every
 * attempt under the same Standard Webhooks id, so a receiver can drop a repeat).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LocalServer, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { burningBatch } from '../support/burning-account.ts';
import { spawnServer } from '../support/server-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ADMIN_KEY, WRITE_KEY } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const SECRET = `whsec_${Buffer.from('kill-test-signing-key-32-bytes!!').toString('base64')}`;
const dir = tempDir();
let receiver: LocalServer | null = null;

afterAll(async () => {
  await receiver?.close();
  dir.remove();
});

describe('a crash between qualification and delivery', () => {
  it('delivers the alert once after the restart', async () => {
    let answer = false;
    const answered: string[] = [];
    receiver = await startLocalServer((request, response) => {
      if (!answer) return; // the first attempt hangs: the server dies while it is in flight
      answered.push(String(request.headers['webhook-id']));
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    process.env.KILL_TEST_HOOK_URL = `${receiver.url}/hook`;
    process.env.KILL_TEST_HOOK_SECRET = SECRET;
    const definition = join(dir.path, 'kindling.yml');
    writeFileSync(
      definition,
      `${readFileSync('examples/team-plan-pql.yml', 'utf8')}
destinations:
  crm-hook:
    kind: webhook
    url_env: KILL_TEST_HOOK_URL
    secret_env: KILL_TEST_HOOK_SECRET
    timeout_ms: 60000
    allow_private_network: true
`,
    );
    const dataDir = join(dir.path, 'data');
    const first = await spawnServer(dataDir, ['--definition', definition]);
    const reply = await fetch(`${first.url}/v1/batch`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
      },
      body: JSON.stringify(burningBatch('acct-crash')),
    });
    expect(reply.status).toBe(200);
    await until(() => receiver?.requests.length === 1, 'the first attempt');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    answer = true;
    const second = await spawnServer(dataDir, ['--definition', definition]);
    try {
      await until(() => answered.length === 1, 'the delivery after the restart');
      // Once the outbox records the delivery as delivered, nothing more can arrive.
      const recorded = async () => {
        const res = await fetch(`${second.url}/api/deliveries`, {
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        });
        const body = z
          .object({ deliveries: z.array(z.object({ status: z.string() })) })
          .parse(await res.json());
        return body.deliveries.length === 1 && body.deliveries[0]?.status === 'delivered';
      };
      await until(recorded, 'the delivery recorded as delivered');
      expect(answered).toHaveLength(1);
      const requests = receiver.requests;
      expect(requests).toHaveLength(2);
      const ids = new Set(requests.map((r) => r.headers['webhook-id']));
      expect(ids.size).toBe(1);
      const last = requests[1];
      const headers = {
        'webhook-id': String(last?.headers['webhook-id']),
        'webhook-timestamp': String(last?.headers['webhook-timestamp']),
        'webhook-signature': String(last?.headers['webhook-signature']),
      };
      const alert = new Webhook(SECRET).verify(last?.body ?? '', headers) as {
        entity_id?: string;
        entityId?: string;
      };
      expect(JSON.stringify(alert)).toContain('acct-crash');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 240_000);
});
