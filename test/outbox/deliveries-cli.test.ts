/** `kindling deliveries` as a user runs it: the real binary on a data directory with a dead letter. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleAlert } from '../../src/deliver/test-support/sample-alert.ts';
import { runInProcess } from '../support/run-in-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { HOOK, openOutbox } from './outbox-harness.ts';

let dir: ReturnType<typeof tempDir>;
let deadId = '';

beforeEach(async () => {
  dir = tempDir('kindling-outbox-cli-');
  const o = await openOutbox(dir.path);
  const [dead] = await o.outbox.enqueue(sampleAlert({ id: 'q_dead', entityId: 'u_7' }), [HOOK]);
  await o.outbox.enqueue(sampleAlert({ id: 'q_fine', entityId: 'u_8' }), [HOOK]);
  if (dead === undefined) throw new Error('not enqueued');
  await o.outbox.claim(Date.now(), 10, 60_000);
  await o.outbox.markDead(dead, { status: 400, detail: 'HTTP 400: {"error":"unknown field"}' });
  deadId = dead;
  await o.close();
});

afterEach(() => dir.remove());

describe('kindling deliveries', () => {
  it('lists deliveries, only failures with --failed, and replays a dead letter', async () => {
    const all = await runInProcess(['deliveries', '--data-dir', dir.path]);
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n')[0]).toMatch(
      /^ID\s+DESTINATION\s+ENTITY\s+STATUS\s+ATTEMPTS\s+LAST\s+NEXT ATTEMPT$/,
    );
    expect(all.stdout).toContain('user:u_8');

    const failed = await runInProcess(['deliveries', '--failed', '--data-dir', dir.path]);
    const lines = failed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${deadId}\\s+${HOOK}\\s+user:u_7\\s+dead\\s+1\\s+400 HTTP 400`));

    const replay = await runInProcess(['deliveries', 'replay', deadId, '--data-dir', dir.path]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(new RegExp(`${deadId}\\s+${HOOK}\\s+user:u_7\\s+pending\\s+0`));
    const o = await openOutbox(dir.path);
    expect((await o.outbox.get(deadId))?.status).toBe('pending');
    await o.close();

    const again = await runInProcess(['deliveries', 'replay', deadId, '--data-dir', dir.path]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('only dead letters can be replayed');
    const missing = await runInProcess(['deliveries', 'replay', 'dlv_nope', '--data-dir', dir.path]);
    expect(missing.stderr).toContain('No delivery "dlv_nope"');

    const health = await runInProcess(['deliveries', 'health', '--data-dir', dir.path]);
    expect(health.stdout.split('\n')[1]).toMatch(new RegExp(`^${HOOK}\\s+0\\s+2\\s+0\\s+-`));
  }, 120_000);
});
