/**
 * The demo workspace is scored only by its own version: while it fills (no live version yet) it
 * must not borrow the server's definition file, or the file's destinations alert on demo traffic.
 * A version activated by another process (the CLI on PostgreSQL) is found at the next refresh (each
 * sweep) and told to the listener, as an announced one is.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import { loadDefinition } from '../definition/load-definition.ts';
import { DEMO_WORKSPACE } from '../demo/demo-workspace.ts';
import type { Logger } from '../lib/logger.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { activate, saveVersion } from '../versions/index.ts';
import { DEFAULT_WORKSPACE } from '../workspace/bootstrap.ts';
import { liveDefinition } from './routing-wiring.ts';
import { WorkspaceDefinitions } from './workspace-definitions.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

describe('workspace definitions', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it("scores the default workspace with the server's file, and the demo workspace with nothing until it has a version", async () => {
    const store = await DuckDbStore.open(dir.path, () => Date.UTC(2026, 0, 5));
    const conn = await store.database.session();
    try {
      await store.keys.ensureWorkspace(DEFAULT_WORKSPACE, 'Default');
      await store.keys.ensureWorkspace(DEMO_WORKSPACE, 'Demo');
      const { ir } = loadDefinition(
        'kindling: 1\nname: t\nentity: user\ntiers: { cold: 0, hot: 50 }\n',
        't.yml',
      );
      if (ir === null) throw new Error('the test definition loads');
      const file = liveDefinition(ir, null, { shadow: false, destinations: ['console'] });
      const definitions = new WorkspaceDefinitions(
        conn,
        { workspace: DEFAULT_WORKSPACE, definition: file },
        silent,
      );
      await definitions.refresh();
      expect(definitions.forWorkspace(DEFAULT_WORKSPACE)).toEqual([file]);
      expect(definitions.forWorkspace(DEMO_WORKSPACE)).toEqual([]);
    } finally {
      await conn.close();
      await store.close();
    }
  });

  it('finds a version another process activated at the next refresh, and tells the listener once', async () => {
    const store = await DuckDbStore.open(`${dir.path}/elsewhere`, () => Date.UTC(2026, 0, 5));
    const conn = await store.database.session();
    const changes: string[] = [];
    const definitions = new WorkspaceDefinitions(conn, null, silent);
    try {
      await store.keys.ensureWorkspace(DEFAULT_WORKSPACE, 'Default');
      await definitions.refresh();
      definitions.listen((workspaceId) => changes.push(workspaceId));
      expect(definitions.forWorkspace(DEFAULT_WORKSPACE)).toEqual([]);

      // Written straight to the database, with no announcement in this process: what the CLI does.
      const source = 'kindling: 1\nname: elsewhere\nentity: user\ntiers: { cold: 0, hot: 50 }\n';
      const { ir } = loadDefinition(source, 'elsewhere.yml');
      if (ir === null) throw new Error('the test definition loads');
      const saved = await saveVersion(conn, source, ir);
      expect((await activate(conn, DEFAULT_WORKSPACE, 'live', saved.version, null)).ok).toBe(true);
      expect(definitions.forWorkspace(DEFAULT_WORKSPACE)).toEqual([]);

      await definitions.refresh();
      expect(definitions.forWorkspace(DEFAULT_WORKSPACE).map((d) => d.version)).toEqual([saved.version]);
      expect(changes).toEqual([DEFAULT_WORKSPACE]);
      await definitions.refresh();
      expect(changes).toEqual([DEFAULT_WORKSPACE]);
    } finally {
      definitions.close();
      await conn.close();
      await store.close();
    }
  });
});
