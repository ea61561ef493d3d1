/** The do-not-contact list's port (`SuppressionStore`), the same on every storage back end. */
import { afterEach, expect, it } from 'vitest';
import { SqlSuppressionStore } from '../../src/route/suppressions/sql-suppression-store.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';

const NOW = Date.parse('2026-03-02T10:00:00Z');

describeEachBackend('suppression store', (open) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  const store = async () => {
    db = await open();
    return new SqlSuppressionStore(db.database.client, () => NOW);
  };

  it('adds, counts repeats as updates, lists in order and keeps workspaces apart', async () => {
    const list = await store();
    const first = await list.add(
      'ws',
      [
        { kind: 'email', value: 'b@x.com', reason: null },
        { kind: 'domain', value: 'x.com', reason: 'legal' },
        { kind: 'email', value: 'b@x.com', reason: 'asked' },
      ],
      'cli',
    );
    expect(first).toEqual({ added: 2, updated: 0 });
    expect(await list.add('ws', [{ kind: 'email', value: 'b@x.com', reason: 'again' }], 'api')).toEqual({
      added: 0,
      updated: 1,
    });
    expect(await list.list('ws')).toEqual([
      { kind: 'domain', value: 'x.com', reason: 'legal', source: 'cli', createdAt: NOW },
      { kind: 'email', value: 'b@x.com', reason: 'again', source: 'api', createdAt: NOW },
    ]);
    expect(await list.list('ws', { kind: 'email' })).toHaveLength(1);
    expect(await list.list('other')).toEqual([]);
  });

  it('removes one entry and says what it removed', async () => {
    const list = await store();
    await list.add('ws', [{ kind: 'email', value: 'a@y.com', reason: null }], 'cli');
    expect(await list.remove('ws', 'email', 'a@y.com')).toMatchObject({ value: 'a@y.com', createdAt: NOW });
    expect(await list.remove('ws', 'email', 'a@y.com')).toBeNull();
    expect(await list.list('ws')).toEqual([]);
  });

  it('adds more entries than one statement holds', async () => {
    const list = await store();
    const many = Array.from({ length: 1_203 }, (_, i) => ({
      kind: 'email' as const,
      value: `u${i}@z.com`,
      reason: null,
    }));
    expect(await list.add('ws', many, 'import')).toEqual({ added: 1_203, updated: 0 });
    expect(await list.list('ws', { limit: 5_000 })).toHaveLength(1_203);
  });
});
