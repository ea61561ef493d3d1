/**
 * The benchmarks' stored demo data: generated (demo generator, seed 1, ending END) and imported once
 * through the collector's importer into an embedded data directory under .bench-cache/, then reused.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemo } from '../../src/demo/generate-demo.ts';
import { importDemo } from '../../src/demo/import-demo.ts';
import { writeDemo } from '../../src/demo/write-demo.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';

export const END = Date.UTC(2025, 5, 2);

export interface DemoShape {
  readonly users: number;
  readonly accounts: number;
  readonly days: number;
}

/** The cached data directory for this shape, created on first use; returns its path. */
export async function demoDataDir(shape: DemoShape, log: (line: string) => void): Promise<string> {
  const cache = resolve(
    import.meta.dirname,
    `../../.bench-cache/score-${shape.users}-${shape.accounts}-${shape.days}`,
  );
  const dataDir = join(cache, 'data');
  if (existsSync(join(cache, 'ready'))) return dataDir;
  log(
    `generating ${shape.users} users / ${shape.accounts} accounts / ${shape.days} days (once; cached in ${cache})…`,
  );
  const files = await writeDemo(generateDemo({ ...shape, seed: 1, endAt: END }), {
    dir: join(cache, 'demo'),
    gzip: false,
  });
  log(
    `  ${files.events} events in ${files.seconds.toFixed(1)} s; importing through the collector's importer…`,
  );
  const store = await DuckDbStore.open(dataDir);
  const { events: imported } = await importDemo(store, files, { workspaceId: 'default', receivedAt: END });
  log(`  imported ${imported.stored} events in ${imported.seconds.toFixed(1)} s`);
  await store.readConn.run('CHECKPOINT');
  await store.close();
  writeFileSync(join(cache, 'ready'), `${imported.stored}\n`);
  return dataDir;
}
