/** A data directory filled with generated demo data through the real importers. */
import { join } from 'node:path';
import { generateDemo } from '../../src/demo/generate-demo.ts';
import { writeDemo } from '../../src/demo/write-demo.ts';
import { importEvents } from '../../src/import/import-events.ts';
import { silentListener } from '../../src/import/import-report.ts';
import { importTraits } from '../../src/import/import-traits.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';

export async function openDemoStore(
  workDir: string,
  demo: { users: number; accounts: number; days: number; seed: number; endAt: number },
): Promise<DuckDbStore> {
  const files = await writeDemo(generateDemo(demo), { dir: join(workDir, 'demo'), gzip: false });
  const store = await DuckDbStore.open(join(workDir, 'data'));
  const base = { store, workspaceId: 'default', listener: silentListener };
  await importEvents({ ...base, file: files.files.events, now: () => demo.endAt });
  await importTraits({
    ...base,
    file: files.files.accounts,
    entityType: 'account',
    keyColumn: 'id',
    timestampColumn: null,
  });
  return store;
}
