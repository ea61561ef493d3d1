import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from './generate-demo.ts';
import { csvCell, type WriteDemoSummary, writeDemo } from './write-demo.ts';

const OPTIONS = { users: 300, accounts: 30, days: 20, seed: 8 };

describe('writeDemo', () => {
  let root = '';
  let first: WriteDemoSummary;
  let second: WriteDemoSummary;
  let zipped: WriteDemoSummary;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'kindling-demo-'));
    first = await writeDemo(generateDemo(OPTIONS), { dir: join(root, 'a'), gzip: false });
    second = await writeDemo(generateDemo(OPTIONS), { dir: join(root, 'b'), gzip: false });
    zipped = await writeDemo(generateDemo(OPTIONS), { dir: join(root, 'c'), gzip: true });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes byte-identical files for the same options, gzip included', async () => {
    // Buffer#equals: vitest's deep equality walks megabytes byte by byte.
    for (const key of ['events', 'accounts', 'outcomes'] as const) {
      expect((await readFile(second.files[key])).equals(await readFile(first.files[key]))).toBe(true);
    }
    expect(gunzipSync(await readFile(zipped.files.events)).equals(await readFile(first.files.events))).toBe(
      true,
    );
    expect(zipped.files.events.endsWith('events.ndjson.gz')).toBe(true);
  });

  it('writes one JSON message per line, as many as it counted', async () => {
    const lines = (await readFile(first.files.events, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(first.events);
    expect(first.events).toBeGreaterThan(OPTIONS.users * 10);
    expect(JSON.parse(lines[0] ?? '')).toHaveProperty('messageId');
  });

  it('writes the CSV headers and one row per account and outcome', async () => {
    const accounts = (await readFile(first.files.accounts, 'utf8')).trimEnd().split('\n');
    expect(accounts[0]).toBe(
      'id,name,domain,company_size,industry,country,plan,crm_owner_email,active_deal,customer',
    );
    expect(accounts).toHaveLength(OPTIONS.accounts + 1);
    expect(accounts[1]).toMatch(
      /^acc_000000,[A-Z][a-z0-9]+,[a-z0-9]+\.[a-z]+,\d+,[^,]+,[A-Z]{2},(free|trial|team|enterprise),[^,]*,(true|false),(true|false)$/,
    );
    const outcomes = (await readFile(first.files.outcomes, 'utf8')).trimEnd().split('\n');
    expect(outcomes[0]).toBe('entity_type,entity_id,type,amount,owner,timestamp');
    expect(outcomes).toHaveLength(first.outcomes + 1);
    for (const row of outcomes.slice(1)) {
      expect(row).toMatch(
        /^account,acc_\d{6},(contacted|opportunity|won|lost),\d*,[^,]*,\d{4}-\d\d-\d\dT[\d:.]+Z$/,
      );
    }
  });
});

describe('csvCell', () => {
  it('quotes only what needs quoting and leaves null empty', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
    expect(csvCell(12.5)).toBe('12.5');
  });
});
