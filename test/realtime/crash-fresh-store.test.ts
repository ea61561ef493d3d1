/**
 * Issue 15, item 1: on a fresh store, events acknowledged just before a SIGKILL were baselined away
 * on restart (no states yet looked like "this version never scored here"), and their alerts were
 * silently lost. A version's start point is now durable before any event is acknowledged under it
 * (src/realtime/version-start.ts); these crashes must lose nothing. One round (it was three, each
 * a full server start, crash and restart): the kill lands at some moment of the first pass; the
 * moments that matter one by one are crash-points.test.ts's named points.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRig, demoRequests, expectEveryAlertAfterRestart, send } from '../support/crash-rig.ts';
import { runKindling } from '../support/run-cli.ts';

describe('a crash in the first second of a fresh store', () => {
  for (const round of [1]) {
    it(`round ${round}: hand-raisers acknowledged before a SIGKILL are qualified and alerted after the restart`, async () => {
      const rig = await crashRig();
      try {
        const first = await rig.serve();
        const users = [`fresh-${round}-a`, `fresh-${round}-b`];
        const reply = await send(first.url, demoRequests(users));
        first.child.kill('SIGKILL');
        expect(reply).toMatchObject({ status: 200, body: { stored: 2 } });
        expect(await first.exited).toBe('SIGKILL');
        await expectEveryAlertAfterRestart(rig, users);
      } finally {
        await rig.close();
      }
    }, 180_000);
  }

  it('a crash while the baseline of an activated version is written loses nothing stored after the activation', async () => {
    const rig = await crashRig();
    try {
      // Offline, as with no server running: activate (the start point is written, pending), then
      // store events under the new version before any engine has recorded its baseline.
      const activated = await runKindling(
        ['activate', rig.definitionFile, '--data-dir', rig.dataDir],
        rig.env,
      );
      expect(activated.code, activated.stderr).toBe(0);
      const users = ['activated-a', 'activated-b'];
      const events = join(rig.dataDir, '..', 'events.ndjson');
      writeFileSync(
        events,
        `${demoRequests(users)
          .batch.map((e) => JSON.stringify(e))
          .join('\n')}\n`,
      );
      const imported = await runKindling(['import', events, '--data-dir', rig.dataDir, '--quiet'], rig.env);
      expect(imported.code, imported.stderr).toBe(0);
      // The server dies while it writes the baseline, before it listens.
      await expect(rig.serve({ KINDLING_TEST_CRASH_AT: 'baseline-saved' })).rejects.toThrow(/SIGKILL/);
      await expectEveryAlertAfterRestart(rig, users);
    } finally {
      await rig.close();
    }
  }, 180_000);
});
