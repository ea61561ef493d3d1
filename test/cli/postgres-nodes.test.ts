/**
 * `kindling serve --database-url` on the real PostgreSQL: two servers start at once on one fresh
 * database (migrating it together), both accept batches, a message sent to both is stored once, and
 * CLI commands run against the database while the servers run (no data-directory lock).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PgDatabase } from '../../src/store/postgres/pg-client.ts';
import { POSTGRES_RUN_URL } from '../support/backends.ts';
import { runKindling } from '../support/run-cli.ts';
import { type ServerProcess, spawnServer } from '../support/server-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { WRITE_KEY } from '../support/test-server.ts';

const dir = tempDir();
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  dir.remove();
});

const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
const track = (id: string) => ({ type: 'track', messageId: id, userId: 'u1', event: 'Clicked' });

async function send(url: string, ids: readonly string[]): Promise<number> {
  const res = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: JSON.stringify({ batch: ids.map(track) }),
  });
  return res.status;
}

describe.skipIf(POSTGRES_RUN_URL === null)('kindling serve --database-url', () => {
  const url = POSTGRES_RUN_URL ?? '';

  it('runs two nodes on one database and CLI commands beside them', async () => {
    const [a, b] = await Promise.all([
      spawnServer(join(dir.path, 'a'), ['--database-url', url]),
      spawnServer(join(dir.path, 'b'), ['--database-url', url]),
    ]);
    if (a === undefined || b === undefined) throw new Error('servers did not start');
    servers.push(a, b);
    expect(await send(a.url, ['m1', 'm2', 'm3'])).toBe(200);
    expect(await send(b.url, ['m2', 'm3', 'm4', 'm5'])).toBe(200);

    const events = join(dir.path, 'events.ndjson');
    writeFileSync(events, `${JSON.stringify(track('m5'))}\n${JSON.stringify(track('m6'))}\n`);
    const imported = await runKindling(['import', events, '--database-url', url, '--quiet']);
    expect(imported.stderr).toBe('');
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.stdout).toContain('2 read, 1 stored, 1 duplicates');

    const keys = await runKindling(['keys', 'list'], { KINDLING_DATABASE_URL: url });
    expect(keys.code).toBe(0);
    expect(keys.stdout).toContain('kw_test_w');

    const db = PgDatabase.connect(url, { max: 1 });
    try {
      const rows = await db.client.query<{ n: number; ids: number }>(
        'SELECT count(*) AS n, count(DISTINCT message_id) AS ids FROM events',
      );
      expect(rows).toEqual([{ n: 6, ids: 6 }]);
      // Both nodes registered the keys fixed by the environment once.
      const fixed = await db.client.query<{ n: number }>('SELECT count(*) AS n FROM api_keys');
      expect(fixed).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
  });

  it('names an unreachable database without its password, and the flag to fix', async () => {
    const result = await runKindling([
      'keys',
      'list',
      '--database-url',
      'postgres://kindling:s3cret@127.0.0.1:1/kindling',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Cannot reach PostgreSQL at postgres://kindling:***@127.0.0.1:1/kindling',
    );
    expect(result.stderr).toContain('--database-url or KINDLING_DATABASE_URL');
    expect(result.stderr).not.toContain('s3cret');
  });

  it('scores on the database the servers run on', async () => {
    const result = await runKindling([
      'score',
      '--definition',
      'examples/team-plan-pql.yml',
      '--database-url',
      url,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
