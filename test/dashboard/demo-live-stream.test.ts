/** The demo workspace's live stream appends valid events for demo members through the normal path. */
import { afterAll, describe, expect, it } from 'vitest';
import { startLiveStream } from '../../src/demo/demo-live-stream.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { connect } from '../../src/store/duckdb/attached-databases.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import type { CommittedWrite } from '../../src/store/duckdb/group-commit-writer.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('the demo live stream', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('appends a few events at a time for members of demo accounts, which the store commits', async () => {
    const store = await DuckDbStore.open(dir.path);
    const conn = await connect(store.instance);
    try {
      await conn.run(
        `INSERT INTO memberships VALUES ('demo', 'usr_1', 'acc_1', now()::TIMESTAMP, 1), ('demo', 'usr_2', 'acc_2', now()::TIMESTAMP, 2),
           ('default', 'someone', 'acc_x', now()::TIMESTAMP, 3)`,
      );
      const committed: CommittedWrite[] = [];
      store.onCommit((writes) => committed.push(...writes));
      const warnings: string[] = [];
      const log = createLogger('warn', (line) => warnings.push(line));
      const live = await startLiveStream({
        store,
        workspaceId: 'demo',
        log,
        now: Date.now,
        intervalMs: 20,
      });
      await expect.poll(() => live.sent(), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
      await live.stop();
      expect(warnings).toEqual([]);
      const messages = committed.filter((w) => w.workspaceId === 'demo').flatMap((w) => w.messages);
      expect(messages.length).toBeGreaterThanOrEqual(5);
      expect(committed.every((w) => w.workspaceId === 'demo')).toBe(true);
      for (const m of messages) {
        expect(['usr_1', 'usr_2']).toContain(m.userId);
        expect(m.groupId).toBe(m.userId === 'usr_1' ? 'acc_1' : 'acc_2');
      }
    } finally {
      conn.closeSync();
      await store.close();
    }
  });
});
