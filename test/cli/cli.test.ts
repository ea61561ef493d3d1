/**
 * The `kindling` binary as a user runs it: help, errors without stack traces, and a second process
 * next to a running server. Command logic is tested in-process (runInProcess), which starts nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKindling } from '../support/run-cli.ts';
import { runInProcess } from '../support/run-in-process.ts';
import { spawnServer } from '../support/server-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ADMIN_KEY, WRITE_KEY } from '../support/test-server.ts';

const dir = tempDir();
afterAll(() => dir.remove());

const kindling = runKindling;

describe('kindling CLI', () => {
  it('lists every command with a description', async () => {
    const { stdout } = await kindling(['--help']);
    for (const command of [
      'serve',
      'import',
      'keys',
      'init',
      'validate',
      'score',
      'explain',
      'sql',
      'calibrate',
      'backtest',
      'report',
      'versions',
      'activate',
      'rollback',
      'deliveries',
      'demo-data',
    ])
      expect(stdout).toMatch(new RegExp(`\\n\\s+${command}\\b.*\\w`));
  });

  it('init writes a starter definition and an .env.example derived from the config schema', async () => {
    const target = join(dir.path, 'init');
    mkdirSync(target, { recursive: true });
    expect((await runInProcess(['init', target])).code).toBe(0);
    expect(readFileSync(join(target, 'kindling.yml'), 'utf8')).toContain('kindling: 1');
    // The starter is a working definition, not just text.
    expect((await runInProcess(['validate', join(target, 'kindling.yml')])).code).toBe(0);
    expect(readFileSync(join(target, '.env.example'), 'utf8')).toContain('KINDLING_DATA_DIR');
    const again = await runInProcess(['init', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
  });

  it('creates, lists and revokes keys, never printing stored keys', async () => {
    const dataDir = join(dir.path, 'keys');
    const created = await runInProcess(['keys', 'create', 'write', '--label', 'sdk', '--data-dir', dataDir]);
    expect(created.stdout.trim()).toMatch(/^kw_/);
    const listed = await runInProcess(['keys', 'list', '--data-dir', dataDir]);
    expect(listed.stdout).toContain('sdk');
    expect(listed.stdout).not.toContain(created.stdout.trim());
    const id = /^(key_\w+)/m.exec(listed.stdout)?.[1] ?? '';
    expect((await runInProcess(['keys', 'revoke', id, '--data-dir', dataDir])).stdout).toContain('revoked');
    expect((await runInProcess(['keys', 'create', 'root', '--data-dir', dataDir])).code).toBe(1);
  });

  it('reports bad configuration clearly instead of a stack trace', async () => {
    const result = await kindling(['serve', '--port', 'eighty', '--data-dir', join(dir.path, 'cfg')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port / KINDLING_PORT');
    expect(result.stderr).not.toContain('    at ');
  });

  it('goes through a running server that holds the data directory, or says so', async () => {
    const dataDir = join(dir.path, 'busy');
    const server = await spawnServer(dataDir);
    try {
      const file = join(dir.path, 'busy.ndjson');
      writeFileSync(file, `${JSON.stringify({ type: 'track', userId: 'z', event: 'Via Server' })}\nnope\n`);
      const viaServer = await kindling(['import', file, '--data-dir', dataDir], {
        KINDLING_WRITE_KEY: WRITE_KEY,
      });
      expect(viaServer.stdout).toContain('1 stored');
      expect(viaServer.stderr).toContain('line 2: invalid-json');
      const res = await fetch(`${server.url}/api/entities/user/z`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      expect(await res.json()).toMatchObject({ eventCounts: { 'Via Server': 1 } });

      const blocked = await kindling(['keys', 'list', '--data-dir', dataDir], { KINDLING_ADMIN_KEY: '' });
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain(`pid ${server.child.pid}`);
      const throughApi = await kindling(['keys', 'list', '--data-dir', dataDir], {
        KINDLING_ADMIN_KEY: ADMIN_KEY,
      });
      expect(throughApi.stdout).toContain('from environment');

      // In-process: the store is locked by the server's process, so this goes through its API too.
      const noKey = await runInProcess(['deliveries', '--data-dir', dataDir], { KINDLING_ADMIN_KEY: '' });
      expect(noKey.code).toBe(1);
      expect(noKey.stderr).toContain('set KINDLING_ADMIN_KEY');
      expect(noKey.stderr).toContain('--database-url');
      const deliveries = await runInProcess(['deliveries', '--data-dir', dataDir], {
        KINDLING_ADMIN_KEY: ADMIN_KEY,
      });
      expect(deliveries).toMatchObject({ code: 0, stderr: 'No deliveries.\n' });
      const health = await runInProcess(['deliveries', 'health', '--data-dir', dataDir], {
        KINDLING_ADMIN_KEY: ADMIN_KEY,
      });
      expect(health.stdout).toContain('DESTINATION');
      const replay = await runInProcess(['deliveries', 'replay', 'dlv_nope', '--data-dir', dataDir], {
        KINDLING_ADMIN_KEY: ADMIN_KEY,
      });
      expect(replay.stderr).toContain('No delivery "dlv_nope"');

      // A command with no way through the server says, in one line, what to do instead.
      const report = await runInProcess(['report', '--data-dir', dataDir]);
      expect(report.code).toBe(1);
      expect(report.stderr).toContain(`pid ${server.child.pid}`);
      expect(report.stderr).toContain('stop it, read GET /api/metrics/funnel');
      expect(report.stderr).toContain('run `kindling report` against PostgreSQL with --database-url');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
  }, 180_000);
});
