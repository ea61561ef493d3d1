/**
 * Issue 15, item 4: re-running an import stores nothing twice, also for lines without `messageId`
 * (they get an id from their content), whether the import writes the store or goes through a
 * running server's /v1/import.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importEvents } from '../../src/import/import-events.ts';
import { silentListener } from '../../src/import/import-report.ts';
import { importEventsViaServer } from '../../src/import/import-via-server.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startTestServer, WRITE_KEY } from '../support/test-server.ts';

const dir = tempDir();
afterAll(() => dir.remove());

const LINES = 300;

/** Lines without messageId; every tenth has one. Two lines are identical: they are one message. */
function writeFile(name: string): string {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const message: Record<string, unknown> = {
      type: 'track',
      userId: `u${i % 17}`,
      event: i % 2 === 0 ? 'Report Viewed' : 'Logged In',
      properties: { n: i },
      timestamp: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    };
    if (i % 10 === 0) message.messageId = `given-${i}`;
    lines.push(JSON.stringify(message));
  }
  lines.push(lines[1] ?? '');
  const file = join(dir.path, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('re-running an import', () => {
  it('stores every line once when the store is written directly', async () => {
    const file = writeFile('direct.ndjson');
    const store = await DuckDbStore.open(join(dir.path, 'direct'));
    try {
      const run = () => importEvents({ store, workspaceId: 'default', file, listener: silentListener });
      const first = await run();
      expect(first).toMatchObject({ read: LINES + 1, stored: LINES, duplicates: 1, contentIds: 271 });
      const second = await run();
      expect(second).toMatchObject({ stored: 0, duplicates: LINES + 1 });
      expect((await store.stats('default')).events.stored).toBe(LINES);
    } finally {
      await store.close();
    }
  });

  it('stores every line once through a running server', async () => {
    const file = writeFile('served.ndjson');
    const server = await startTestServer();
    try {
      const run = () =>
        importEventsViaServer({ url: server.url, key: WRITE_KEY, file, listener: silentListener });
      expect(await run()).toMatchObject({ stored: LINES, duplicates: 1, contentIds: 271 });
      expect(await run()).toMatchObject({ stored: 0, duplicates: LINES + 1 });
      const stats = (await server.admin('/api/stats')).body as { events: { stored: number } };
      expect(stats.events.stored).toBe(LINES);
    } finally {
      await server.stop();
    }
  });
});
