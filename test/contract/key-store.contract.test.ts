/** Workspaces and hashed API keys (`KeyStore`), the same on every storage back end. */
import { afterEach, expect, it } from 'vitest';
import { SqlKeyStore } from '../../src/store/sql-key-store.ts';
import { bootstrapWorkspace } from '../../src/workspace/bootstrap.ts';
import { hashKey } from '../../src/workspace/keys.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';

const NOW = Date.parse('2026-03-02T10:00:00.250Z');

describeEachBackend('key store', (open) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  const keys = async (now = () => NOW) => {
    db = await open();
    return new SqlKeyStore(db.database.client, now);
  };

  it('creates workspaces once and lists them', async () => {
    const store = await keys();
    await store.ensureWorkspace('b', 'Bee');
    await store.ensureWorkspace('a', 'Ay');
    await store.ensureWorkspace('b', 'renamed?');
    expect(await store.listWorkspaces()).toEqual([
      { id: 'a', name: 'Ay', createdAt: new Date(NOW).toISOString() },
      { id: 'b', name: 'Bee', createdAt: new Date(NOW).toISOString() },
    ]);
    expect(await store.workspace('b')).toMatchObject({ name: 'Bee' });
    expect(await store.workspace('c')).toBeNull();
  });

  it('stores only the hash, finds live keys by it, revokes, counts and lists per workspace', async () => {
    let now = NOW;
    const store = await keys(() => now);
    const created = await store.createKey({ workspaceId: 'ws', kind: 'write', label: 'site', key: null });
    expect(created.key.startsWith('kw_')).toBe(true);
    expect(created.record).toEqual({
      id: created.record.id,
      workspaceId: 'ws',
      kind: 'write',
      prefix: created.record.prefix,
      label: 'site',
      createdAt: new Date(NOW).toISOString(),
      revokedAt: null,
    });
    const stored = await db?.database.client.query<{ hash: string }>('SELECT hash FROM api_keys');
    expect(stored).toEqual([{ hash: hashKey(created.key) }]);
    expect(await store.findByHash(hashKey(created.key))).toEqual(created.record);
    now += 1_000;
    const admin = await store.createKey({
      workspaceId: 'ws',
      kind: 'admin',
      label: null,
      key: 'ka_fixed_key_for_tests',
    });
    await store.createKey({ workspaceId: 'other', kind: 'write', label: null, key: null });
    expect(await store.countLiveKeys('ws', 'write')).toBe(1);
    expect((await store.listKeys('ws')).map((k) => k.kind)).toEqual(['write', 'admin']);
    expect(await store.listKeys(null)).toHaveLength(3);
    now += 1_000;
    const revoked = await store.revokeKey(created.record.id);
    expect(revoked?.revokedAt).toBe(new Date(now).toISOString());
    expect(await store.findByHash(hashKey(created.key))).toBeNull();
    expect(await store.countLiveKeys('ws', 'write')).toBe(0);
    expect(await store.findByHash(hashKey('ka_fixed_key_for_tests'))).toEqual(admin.record);
    expect(await store.revokeKey('key_missing')).toBeNull();
  });

  it('bootstraps the default workspace once, keeping keys fixed by the environment', async () => {
    const store = await keys();
    const first = await bootstrapWorkspace(store, { admin: 'ka_from_environment_123' });
    expect(Object.keys(first)).toEqual(['write']);
    expect(await bootstrapWorkspace(store, { admin: 'ka_from_environment_123' })).toEqual({});
    expect(await store.countLiveKeys('default', 'admin')).toBe(1);
  });
});
