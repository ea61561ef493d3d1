/**
 * The demo workspace's destinations serve the demo only: a server file without `routing:` alerts
 * its own destinations, never the demo's log file, and a file destination may not take the demo
 * destination's name (it would receive the demo's alerts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import { loadConfig } from '../config/config.ts';
import { loadDefinition } from '../definition/load-definition.ts';
import { loadDemoDefinition } from '../demo/demo-workspace.ts';
import type { Logger } from '../lib/logger.ts';
import { QualificationFeed } from '../realtime/qualification-feed.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { startRealtime } from './start-realtime.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const NOW = Date.UTC(2026, 11, 3, 12);

function fileWith(destination: string) {
  const source = `kindling: 1
name: plain
entity: user
signals:
  asked: { event: Demo Requested, within: 30d }
tiers: { cold: 0 }
destinations:
  ${destination}: { kind: webhook, url_env: PLAIN_HOOK_URL, secret_env: PLAIN_HOOK_SECRET }
`;
  const loaded = loadDefinition(source, 'plain.yml');
  if (loaded.ir === null) throw new Error(`the test definition loads: ${JSON.stringify(loaded.problems)}`);
  return { ir: loaded.ir, source, destinations: loaded.destinations, routing: loaded.routing };
}

describe("the demo's destinations", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  process.env.PLAIN_HOOK_URL = 'https://hooks.example.com/kindling';
  process.env.PLAIN_HOOK_SECRET = `whsec_${Buffer.alloc(24, 3).toString('base64')}`;

  async function start(destination: string) {
    const store = await DuckDbStore.open(dir.path, () => NOW);
    const file = fileWith(destination);
    const config = loadConfig({ dataDir: dir.path }, {});
    const demo = loadDemoDefinition();
    const running = startRealtime(
      store,
      {
        ...file,
        workspace: 'default',
        extraDestinations: { configs: demo.destinations ?? {}, baseDir: dir.path },
      },
      { config, log: silent, feed: new QualificationFeed(), now: () => NOW, baseUrl: null },
    );
    return { store, running };
  }

  it("alerts only the file's own destinations when the file has no routing", async () => {
    const { store, running } = await start('crm-hook');
    const realtime = await running;
    try {
      const [live] = realtime.definitions.forWorkspace('default');
      if (live === undefined) throw new Error('the file scores the default workspace');
      const decision = await live.router(store.database.client, {
        workspaceId: 'default',
        entityType: 'user',
        entityId: 'ada',
        tier: 'cold',
        previousTier: null,
        handRaiser: true,
        score: 0,
        email: null,
        domain: null,
        traits: {},
        asOf: NOW,
      });
      expect(decision.destinations).toEqual(['crm-hook']);
      expect([...realtime.destinations.keys()]).toContain('demo-log');
    } finally {
      await realtime.stop();
      await store.close();
    }
  });

  it("refuses a file destination named like the demo's", async () => {
    const { store, running } = await start('demo-log');
    try {
      await expect(running).rejects.toThrow(/demo workspace's own destination/);
    } finally {
      await store.close();
    }
  });
});
