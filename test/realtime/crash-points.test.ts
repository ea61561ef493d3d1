/**
 * A server killed between every step of the qualification transaction (src/realtime/crash-point.ts:
 * the process SIGKILLs itself at the named point): after the restart every acknowledged hand-raiser
 * is qualified once, has one lead, and one delivery, sent under one webhook id. Before COMMIT the
 * transaction is lost and the startup sweep qualifies again; after it, the outbox delivers.
 */
import { describe, expect, it } from 'vitest';
import {
  crashRig,
  demoRequests,
  expectEveryAlertAfterRestart,
  PASS_CRASH_POINTS,
  send,
} from '../support/crash-rig.ts';

describe('a crash inside the qualification transaction', () => {
  for (const point of PASS_CRASH_POINTS) {
    it(`killed at ${point}: every alert arrives once after the restart`, async () => {
      const rig = await crashRig();
      try {
        const first = await rig.serve({ KINDLING_TEST_CRASH_AT: point });
        const users = [`${point}-a`, `${point}-b`];
        // The crash comes after the commit that acknowledges the events; the reply usually wins.
        const reply = await send(first.url, demoRequests(users));
        if (reply !== null) expect(reply.status).toBe(200);
        expect(await first.exited).toBe('SIGKILL');
        await expectEveryAlertAfterRestart(rig, users);
      } finally {
        await rig.close();
      }
    }, 180_000);
  }
});
