import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import { SqlSuppressionStore } from '../route/suppressions/sql-suppression-store.ts';
import { DuckDbClient } from '../store/duckdb/duckdb-client.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { BadLine } from './import-report.ts';
import { importSuppressions } from './import-suppressions.ts';

let dir: ReturnType<typeof tempDir>;
let store: DuckDbStore;
let conn: DuckDBConnection;
let list: SqlSuppressionStore;

beforeEach(async () => {
  dir = tempDir('kindling-suppress-import-');
  store = await DuckDbStore.open(join(dir.path, 'data'));
  conn = await store.instance.connect();
  list = new SqlSuppressionStore(new DuckDbClient(conn));
});

afterEach(async () => {
  conn.closeSync();
  await store.close();
  dir.remove();
});

async function run(csv: string) {
  const file = join(dir.path, 'list.csv');
  writeFileSync(file, csv);
  const bad: BadLine[] = [];
  const summary = await importSuppressions({
    store: list,
    workspaceId: 'ws',
    file,
    listener: { progress: () => undefined, bad: (line) => bad.push(line) },
  });
  return {
    summary,
    bad,
    entries: (await list.list('ws')).map((e) => `${e.kind}:${e.value}:${e.reason ?? ''}:${e.source}`),
  };
}

describe('kindling suppress import (CSV)', () => {
  it('reads value/kind/reason columns, reports bad lines by number, keeps the good ones', async () => {
    const { summary, bad, entries } = await run(
      [
        'value,kind,reason',
        'Jane@Acme.example,,unsubscribed',
        'rival.example,domain,competitor',
        'not an address,,',
        ',,empty',
        'bob@beta.example,phone,',
        '"unclosed@x.example',
      ].join('\n'),
    );
    expect(entries).toEqual([
      'domain:rival.example:competitor:import',
      'email:jane@acme.example:unsubscribed:import',
    ]);
    expect(bad.map((b) => `${b.line}:${b.code}`)).toEqual([
      '4:invalid-suppression',
      '5:invalid-suppression',
      '6:invalid-suppression',
      '7:csv-syntax',
    ]);
    expect(bad[0]?.detail).toContain('"not an address" is not a domain');
    expect(bad[2]?.detail).toContain('kind "phone"');
    expect(summary).toMatchObject({ read: 5, stored: 2, duplicates: 0, rejected: 4 });
  });

  it('takes email and domain columns (each filled cell an entry) and counts re-imports as already listed', async () => {
    const csv =
      'Email,Domain,Reason\njane@acme.example,acme.example,legal\n,beta.example,\nbob@gamma.example,,\n';
    const first = await run(csv);
    expect(first.summary).toMatchObject({ read: 3, stored: 4, duplicates: 0, rejected: 0 });
    expect(first.entries).toEqual([
      'domain:acme.example:legal:import',
      'domain:beta.example::import',
      'email:bob@gamma.example::import',
      'email:jane@acme.example:legal:import',
    ]);
    const again = await run(csv);
    expect(again.summary).toMatchObject({ stored: 0, duplicates: 4 });
  });

  it('takes a bare list without a header, even of one line', async () => {
    expect((await run('jane@acme.example\n\nacme.example\n')).entries).toEqual([
      'domain:acme.example::import',
      'email:jane@acme.example::import',
    ]);
    expect((await run('solo@delta.example')).summary).toMatchObject({ read: 1, stored: 1 });
  });

  it('refuses a header with none of value, email, domain', async () => {
    const { summary, bad } = await run('name,company\nJane,Acme\n');
    expect(bad).toEqual([
      {
        line: 1,
        code: 'missing-column',
        detail: 'the header names none of value, email, domain (found: name, company)',
      },
    ]);
    expect(summary).toMatchObject({ read: 0, stored: 0, rejected: 1 });
  });
});
