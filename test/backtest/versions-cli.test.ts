/**
 * `kindling activate / versions / rollback` on a fresh data directory: the commands' logic in-process
 * (runInProcess), and the binary itself next to a running server.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runKindling } from '../support/run-cli.ts';
import { runInProcess } from '../support/run-in-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ADMIN_KEY, startTestServer } from '../support/test-server.ts';
import { USAGE_YAML } from './fixture-store.ts';

const dir = tempDir();
afterAll(() => dir.remove());

test('an invalid file is refused with the problems `kindling validate` prints; valid ones become versions', async () => {
  const dataDir = join(dir.path, 'data');
  const broken = join(dir.path, 'broken.yml');
  const good = join(dir.path, 'kindling.yml');
  const better = join(dir.path, 'better.yml');
  writeFileSync(broken, USAGE_YAML.replace('at_least: 3', 'at_least: lots'));
  writeFileSync(good, USAGE_YAML);
  writeFileSync(better, USAGE_YAML.replace('warm: 10', 'warm: 20'));

  const refused = await runInProcess(['activate', broken, '--data-dir', dataDir]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/broken\.yml:\d+:\d+/);
  expect(refused.stderr).toMatch(/was not activated/);

  const live = await runInProcess(['activate', good, '--data-dir', dataDir]);
  expect(live.stdout).toMatch(/^live: [0-9a-f]{12}; shadow: none/);
  const shadow = await runInProcess(['activate', better, '--shadow', '--data-dir', dataDir]);
  expect(shadow.stdout).toMatch(/shadow: [0-9a-f]{12}/);
  const listed = await runInProcess(['versions', '--data-dir', dataDir]);
  expect(
    listed.stdout.split('\n').filter((line) => /live|shadow/.test(line) && /usage/.test(line)),
  ).toHaveLength(2);
  const off = await runInProcess(['activate', '--shadow', '--off', '--data-dir', dataDir]);
  expect(off.stdout).toMatch(/shadow: none/);
  const rolled = await runInProcess(['rollback', '--data-dir', dataDir]);
  expect(rolled.code).toBe(1);
  expect(rolled.stderr).toMatch(/Only [0-9a-f]{12} has ever been live/);
});

test('while a server holds the data directory, the commands go through its admin API', async () => {
  const dataDir = join(dir.path, 'served');
  const good = join(dir.path, 'served.yml');
  writeFileSync(good, USAGE_YAML);
  const server = await startTestServer({ dataDir });
  try {
    const noKey = await runKindling(['versions', '--data-dir', dataDir], { KINDLING_ADMIN_KEY: '' });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/KINDLING_ADMIN_KEY/);
    const env = { KINDLING_ADMIN_KEY: ADMIN_KEY };
    const live = await runKindling(['activate', good, '--data-dir', dataDir], env);
    expect(live.stdout).toMatch(/^live: [0-9a-f]{12}; shadow: none/);
    const listed = await server.admin('/api/versions');
    expect(listed.body).toMatchObject({ live: live.stdout.slice(6, 18) });
    const rolled = await runKindling(['rollback', '--data-dir', dataDir], env);
    expect(rolled.stderr).toMatch(/no-previous-version/);
  } finally {
    await server.stop();
  }
});
