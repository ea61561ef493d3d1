/** A data directory filled with generated demo data through the real importers. */
import { join } from 'node:path';
import { generateDemo } from '../../src/demo/generate-demo.ts';
import { importDemo } from '../../src/demo/import-demo.ts';
import { writeDemo } from '../../src/demo/write-demo.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';

export async function openDemoStore(
  workDir: string,
  demo: { users: number; accounts: number; days: number; seed: number; endAt: number },
): Promise<DuckDbStore> {
  const files = await writeDemo(generateDemo(demo), { dir: join(workDir, 'demo'), gzip: false });
  const store = await DuckDbStore.open(join(workDir, 'data'));
  await importDemo(store, files, { workspaceId: 'default', receivedAt: demo.endAt });
  return store;
}
