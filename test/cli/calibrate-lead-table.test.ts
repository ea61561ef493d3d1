/**
 * A lead table imported the way a newcomer first tries it: traits from a CSV and won/lost outcomes.
 * Without `--timestamp-column` the rows have no known time, so nothing can be decided: the error
 * must say so and point at `--timestamp-column`, not at `--entity`. With a time, the same rows
 * calibrate; a decision time before every row still fails, with the hint about the decision time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/run-in-process.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const LEADS = 300;

/**
 * Lead i is recorded on day i / 5; it converts when its `visits` are high, with some noise. Its
 * city is blank, common, or one of many rare towns (folded into one signal).
 */
function writeLeadTable(): { traits: string; outcomes: string } {
  const traits = ['id,recorded_at,visits,plan,city'];
  const outcomes = ['entity_type,entity_id,type,amount,owner,timestamp'];
  for (let i = 0; i < LEADS; i++) {
    const recorded = START + Math.floor(i / 5) * DAY;
    const visits = (i * 7) % 13;
    const won = visits >= 9 || i % 11 === 0;
    // A third leave the city blank; the rest are Paris, Lyon, or one of 30 rare towns (under 5 % each).
    const city = i % 3 === 0 ? '' : i % 3 === 1 ? (i % 2 === 0 ? 'Paris' : 'Lyon') : `town-${i % 30}`;
    traits.push(
      `lead-${i},${new Date(recorded).toISOString()},${visits},${i % 2 === 0 ? 'pro' : 'free'},${city}`,
    );
    outcomes.push(`user,lead-${i},${won ? 'won' : 'lost'},,,${new Date(recorded + DAY).toISOString()}`);
  }
  const files = { traits: join(dir.path, 'leads.csv'), outcomes: join(dir.path, 'outcomes.csv') };
  writeFileSync(files.traits, `${traits.join('\n')}\n`);
  writeFileSync(files.outcomes, `${outcomes.join('\n')}\n`);
  return files;
}

const files = writeLeadTable();

async function importLeads(dataDir: string, timed: boolean): Promise<void> {
  const time = timed ? ['--timestamp-column', 'recorded_at'] : [];
  const traits = ['import', '--traits', files.traits, '--entity', 'user', '--key', 'id', ...time];
  expect((await runInProcess([...traits, '--data-dir', dataDir])).code).toBe(0);
  const outcomes = ['import', '--outcomes', files.outcomes, '--data-dir', dataDir];
  expect((await runInProcess(outcomes)).code).toBe(0);
}

const calibrate = (dataDir: string, ...extra: string[]) =>
  runInProcess([
    'calibrate',
    ...['--from', 'traits', '--entity', 'user', '--target-rate', '10%'],
    ...['--out', join(dataDir, 'calibration'), '--data-dir', dataDir, ...extra],
  ]);

describe('calibrating a lead table', () => {
  it('without timestamps: no-entities, and the hint names --timestamp-column', async () => {
    const dataDir = join(dir.path, 'untimed');
    await importLeads(dataDir, false);
    const result = await calibrate(dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no-entities');
    expect(result.stderr).toContain(`${LEADS} not seen by it`);
    expect(result.stderr).toContain(`${LEADS} have no known time`);
    expect(result.stderr).toContain('--timestamp-column');
    expect(result.stderr).not.toContain('check --entity');
  });

  it('with timestamps the same rows calibrate; rare values fold, and "filled in" is one candidate', async () => {
    const dataDir = join(dir.path, 'timed');
    await importLeads(dataDir, true);
    const result = await calibrate(dataDir);
    expect(result.stderr).not.toContain('no-entities');
    expect(result.stdout).toContain('Rows: ');
    const report = JSON.parse(readFileSync(join(dataDir, 'calibration', 'report.json'), 'utf8')) as {
      lift: { signal: string }[];
    };
    const city = report.lift.map((row) => row.signal).filter((name) => name.startsWith('city'));
    expect(city).toContain('city_filled_in');
    expect(city).toContain('city_is_other');
    // No rare town is a candidate of its own.
    expect(city.some((name) => name.includes('town'))).toBe(false);
  });

  it('with timestamps but a decision time before every row, the hint is about the decision time', async () => {
    const dataDir = join(dir.path, 'timed');
    const result = await calibrate(dataDir, '--decision-at', '2024-06-01');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no-entities');
    expect(result.stderr).toContain('check --entity, the decision time');
    expect(result.stderr).not.toContain('--timestamp-column');
  });
});
