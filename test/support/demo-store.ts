/** A data directory filled with generated demo data through the real importers. */
import { join } from 'node:path';
import { generateDemo } from '../../src/demo/generate-demo.ts';
import { importDemo } from '../../src/demo/import-demo.ts';
import { writeDemo } from '../../src/demo/write-demo.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import type { EventStore } from '../../src/store/store.ts';

type DemoShape = { users: number; accounts: number; days: number; seed: number; endAt: number };

export async function openDemoStore(workDir: string, demo: DemoShape): Promise<DuckDbStore> {
  const store = await DuckDbStore.open(join(workDir, 'data'));
  await fillDemo(store, workDir, demo);
  return store;
}

/** Imports the generated demo (the same data for the same shape and seed) into any store. */
export async function fillDemo(store: EventStore, workDir: string, demo: DemoShape): Promise<void> {
  const files = await writeDemo(generateDemo(demo), { dir: join(workDir, 'demo'), gzip: false });
  await importDemo(store, files, { workspaceId: 'default', receivedAt: demo.endAt });
}
