/**
 * The shipped mappings of the real data sets (examples/data/) produce files the importers take
 * whole: every row imported, the base rates of the data sets' READMEs, and no leaking column stored.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mapBankMarketing } from '../../examples/data/bank-marketing.ts';
import { mapOnlineShoppers } from '../../examples/data/online-shoppers.ts';
import { mapOuladFirstDays } from '../../examples/data/oulad-first-days.ts';
import { importEvents } from '../../src/import/import-events.ts';
import { importOutcomes } from '../../src/import/import-outcomes.ts';
import { type ImportListener, silentListener } from '../../src/import/import-report.ts';
import { importTraits } from '../../src/import/import-traits.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { tempDir } from '../support/temp-dir.ts';

const DATA = resolve(import.meta.dirname, '../../../shared/data');
const dir = tempDir();
afterAll(() => dir.remove());

async function withStore(name: string, use: (store: DuckDbStore) => Promise<void>): Promise<void> {
  const store = await DuckDbStore.open(join(dir.path, name, 'data'));
  try {
    await use(store);
  } finally {
    await store.close();
  }
}

async function scalar(store: DuckDbStore, sql: string): Promise<number> {
  return Number((await store.readConn.runAndReadAll(sql)).getRows()[0]?.[0]);
}

const listener: ImportListener = silentListener;

describe.skipIf(!existsSync(DATA))('real data mappings (../shared/data)', () => {
  it('bank marketing: 45,211 leads, 11.70 % converted, contact dates 2008–2010, no `duration`', async () => {
    const out = join(dir.path, 'bank');
    const summary = mapBankMarketing(join(DATA, 'uci-bank-marketing'), out);
    expect(summary).toMatchObject({ entities: 45_211, converted: 5_289 });
    await withStore('bank', async (store) => {
      const base = { store, workspaceId: 'default', listener };
      const traits = await importTraits({
        ...base,
        file: join(out, 'traits.csv'),
        entityType: 'user',
        keyColumn: 'id',
        timestampColumn: 'contacted_at',
      });
      expect(traits).toMatchObject({ read: 45_211, rejected: 0 });
      expect(await importOutcomes({ ...base, file: join(out, 'outcomes.csv') })).toMatchObject({
        stored: 45_211,
        rejected: 0,
      });
      expect(await scalar(store, "SELECT count(*) FROM outcomes WHERE type = 'won'")).toBe(5_289);
      expect(await scalar(store, "SELECT count(*) FROM traits WHERE key = 'duration'")).toBe(0);
      expect(await scalar(store, 'SELECT year(max(ts)) * 100 + month(max(ts)) FROM traits')).toBe(201_011);
      expect(
        await scalar(
          store,
          "SELECT count(*) FROM traits WHERE key = 'balance' AND json_type(value) = 'BIGINT'",
        ),
      ).toBeGreaterThan(0);
    });
  }, 120_000);

  it('online shoppers: 12,330 sessions, 15.47 % converted, PageValues only when asked', async () => {
    const without = mapOnlineShoppers(join(DATA, 'uci-online-shoppers-intention'), join(dir.path, 'shop'));
    expect(without).toMatchObject({ entities: 12_330, converted: 1_908 });
    expect(without.excluded).toHaveProperty('PageValues');
    const withPv = mapOnlineShoppers(join(DATA, 'uci-online-shoppers-intention'), join(dir.path, 'shop-pv'), {
      includePageValues: true,
    });
    expect(withPv.excluded).not.toHaveProperty('PageValues');
    await withStore('shop', async (store) => {
      const base = { store, workspaceId: 'default', listener };
      const file = join(dir.path, 'shop', 'traits.csv');
      expect(
        await importTraits({
          ...base,
          file,
          entityType: 'user',
          keyColumn: 'id',
          timestampColumn: 'session_at',
        }),
      ).toMatchObject({
        read: 12_330,
        rejected: 0,
      });
      expect(await scalar(store, "SELECT count(*) FROM traits WHERE key = 'PageValues'")).toBe(0);
      expect(
        await scalar(
          store,
          "SELECT count(*) FROM traits WHERE key = 'Weekend' AND json_type(value) = 'BOOLEAN'",
        ),
      ).toBe(12_330);
    });
  }, 120_000);

  it('OULAD first days: 383 students, 72.6 % converted, every VLE row a stored event', async () => {
    const out = join(dir.path, 'oulad');
    const summary = mapOuladFirstDays(join(DATA, 'oulad-aaa-2013j-first-days'), out);
    expect(summary).toMatchObject({ entities: 383, converted: 278 });
    await withStore('oulad', async (store) => {
      const base = { store, workspaceId: 'default', listener };
      const events = await importEvents({
        ...base,
        file: join(out, 'events.ndjson'),
        now: () => Date.UTC(2014, 0, 1),
      });
      expect(events).toMatchObject({ stored: summary.events, rejected: 0 });
      expect(await importOutcomes({ ...base, file: join(out, 'outcomes.csv') })).toMatchObject({
        stored: 383,
      });
      expect(
        await scalar(
          store,
          "SELECT sum(CAST(properties ->> '$.sum_click' AS INTEGER)) FROM events WHERE type = 'track'",
        ),
      ).toBe(59_717);
      expect(await scalar(store, 'SELECT count(DISTINCT user_id) FROM events')).toBe(383);
      // Nothing after day 1 of the course (2013-10-02) is an event: the outcome is not leaked.
      expect(await scalar(store, "SELECT count(*) FROM events WHERE ts >= TIMESTAMP '2013-10-03'")).toBe(0);
    });
  }, 120_000);
});
