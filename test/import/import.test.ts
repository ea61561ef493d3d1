import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEvents } from '../../src/import/import-events.ts';
import { importOutcomes } from '../../src/import/import-outcomes.ts';
import type { BadLine, ImportListener } from '../../src/import/import-report.ts';
import { importTraits } from '../../src/import/import-traits.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
let store: DuckDbStore;
beforeAll(async () => {
  store = await DuckDbStore.open(join(dir.path, 'data'));
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

function collector(): { listener: ImportListener; bad: BadLine[]; progress: number[] } {
  const bad: BadLine[] = [];
  const progress: number[] = [];
  return { bad, progress, listener: { progress: (b) => progress.push(b), bad: (l) => bad.push(l) } };
}

describe('importEvents', () => {
  it('stores good lines, reports bad ones by line number, and reads gzip', async () => {
    const lines = [
      JSON.stringify({ type: 'identify', userId: 'u1', anonymousId: 'a1', traits: { email: 'u1@acme.com' } }),
      'not json',
      JSON.stringify({ type: 'track', event: 'Logged In' }),
      '',
      JSON.stringify({
        type: 'track',
        userId: 'u1',
        event: 'Logged In',
        messageId: 'l-1',
        timestamp: '2026-01-01T00:00:00Z',
      }),
    ];
    const file = join(dir.path, 'events.ndjson.gz');
    writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
    const c = collector();
    const summary = await importEvents({ store, workspaceId: 'default', file, listener: c.listener });
    expect(summary).toMatchObject({ read: 5, stored: 2, rejected: 2 });
    expect(c.bad.map((b) => [b.line, b.code])).toEqual([
      [2, 'invalid-json'],
      [3, 'missing-identity'],
    ]);
    expect(c.progress.at(-1)).toBeGreaterThan(0);
    const again = await importEvents({ store, workspaceId: 'default', file, listener: collector().listener });
    // The identify had no messageId: it was given one from its content, so the rerun stores nothing.
    expect(summary.contentIds).toBe(1);
    expect(again).toMatchObject({ stored: 0, duplicates: 2, contentIds: 1 });
    const user = await store.entity('default', 'user', 'u1');
    expect(user?.eventCounts).toEqual({ 'Logged In': 1 });
    expect((await store.stats('default')).rejected.byReason).toMatchObject({
      'invalid-json': 2,
      'missing-identity': 2,
    });
  });
});

describe('importTraits', () => {
  it('turns columns into typed traits, with or without a timestamp column', async () => {
    const file = join(dir.path, 'accounts.csv');
    writeFileSync(
      file,
      'id,company_size,industry,zip,paying,updated\nacme,250,Software,02134,true,2026-01-01T00:00:00Z\n,5,x,1,false,2026-01-01\nbeta,12,,9,false,bad\n',
    );
    const c = collector();
    const summary = await importTraits({
      store,
      workspaceId: 'default',
      file,
      entityType: 'account',
      keyColumn: 'id',
      timestampColumn: 'updated',
      listener: c.listener,
    });
    expect(summary).toMatchObject({ read: 3, stored: 4, rejected: 2 });
    expect(c.bad.map((b) => [b.line, b.code])).toEqual([
      [3, 'missing-key'],
      [4, 'invalid-timestamp'],
    ]);
    const acme = await store.entity('default', 'account', 'acme');
    expect(acme?.traits).toEqual({ company_size: 250, industry: 'Software', zip: '02134', paying: true });
    expect(acme?.traitHistory[0]?.at).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('importOutcomes', () => {
  it('stores valid outcomes and reports invalid rows', async () => {
    const file = join(dir.path, 'outcomes.csv');
    writeFileSync(
      file,
      'entity_type,entity_id,type,amount,owner,timestamp\naccount,acme,won,12000,ae@k.io,2026-02-01T00:00:00Z\n,acme,contacted,,,2026-01-15T00:00:00Z\naccount,acme,exploded,,,2026-01-15T00:00:00Z\naccount,acme,won,lots,,2026-01-15T00:00:00Z\n',
    );
    const c = collector();
    const summary = await importOutcomes({ store, workspaceId: 'default', file, listener: c.listener });
    expect(summary).toMatchObject({ read: 4, stored: 2, rejected: 2 });
    expect(c.bad.map((b) => b.line)).toEqual([4, 5]);
    const reader = await store.readConn.runAndReadAll(
      "SELECT type, amount FROM outcomes WHERE entity_id = 'acme' ORDER BY ts",
    );
    expect(reader.getRows()).toEqual([
      ['contacted', null],
      ['won', 12000],
    ]);
  });
});
