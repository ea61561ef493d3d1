/**
 * The server's engine on the embedded store folds the rows it heard committed without asking the
 * database where they end: the store's writer numbers every row, and the solo role passes that on.
 * Without it every pass asked, and on a 10 M-event store the question cost 15–150 ms (issue 16).
 */
import { afterAll, expect, it } from 'vitest';
import { busyWeekYaml } from '../../test/support/busy-week.ts';
import { trackOf } from '../../test/support/event-stores.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { until } from '../../test/support/until.ts';
import { loadConfig } from '../config/config.ts';
import { loadDefinition } from '../definition/load-definition.ts';
import type { Logger } from '../lib/logger.ts';
import { QualificationFeed } from '../realtime/qualification-feed.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { startRealtime } from './start-realtime.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const source = busyWeekYaml(3);

const dir = tempDir();
afterAll(() => dir.remove());

it("folds the embedded store's heard rows without asking it where they end", async () => {
  const loaded = loadDefinition(source, 'heard.yml');
  if (loaded.ir === null) throw new Error(`the test definition loads: ${JSON.stringify(loaded.problems)}`);
  const store = await DuckDbStore.open(dir.path);
  const feed = new QualificationFeed();
  const qualified: string[] = [];
  feed.subscribe((event) => {
    if (event.type === 'qualification') qualified.push((event.data as { entityId: string }).entityId);
  });
  const realtime = await startRealtime(
    store,
    { ir: loaded.ir, source, destinations: {}, routing: loaded.routing, workspace: 'default' },
    {
      config: loadConfig({ dataDir: dir.path }, {}),
      log: silent,
      feed,
      now: Date.now,
      baseUrl: null,
    },
  );
  try {
    const { engine } = realtime;
    let n = 0;
    const view = () => store.append('default', [trackOf(`m${++n}`, Date.now(), 'ada', 'Page Viewed')], []);
    await view();
    await engine.settle();
    const asked = engine.stats.incremental.seqQueries;
    const heard = engine.stats.incremental.rowsHeard;
    await view();
    await view();
    await until(() => qualified.includes('ada'), 'ada qualified');
    await engine.settle();
    expect(engine.stats.incremental.rowsHeard).toBe(heard + 2);
    expect(engine.stats.incremental.seqQueries).toBe(asked);
  } finally {
    await realtime.stop();
    await store.close();
  }
});
