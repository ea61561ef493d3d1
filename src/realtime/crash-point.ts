/**
 * Test-only fault injection. With `KINDLING_TEST_CRASH_AT=<point>` in its environment, the process
 * SIGKILLs itself the first time it reaches that point, as a power cut would: nothing after it runs,
 * no `finally`, no shutdown. The crash tests (test/realtime/crash-*.test.ts) kill a server between
 * every step of the qualification transaction this way, then restart it and expect every alert.
 * Unset (always, outside those tests) it does nothing.
 */
export const CRASH_POINTS = [
  /** The baseline's states and start point are written, not committed. */
  'baseline-saved',
  /** A pass found a qualification and opened its transaction; nothing written yet. */
  'pass-begun',
  /** The qualification row is written. */
  'qualification-written',
  /** The lead is written. */
  'lead-written',
  /** The outbox deliveries are written. */
  'deliveries-written',
  /** The entities' new states are written; COMMIT is next. */
  'states-saved',
  /** Committed; the delivery worker is not woken yet. */
  'pass-committed',
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

const armed = process.env.KINDLING_TEST_CRASH_AT;

export function crashPoint(point: CrashPoint): void {
  if (armed === point) process.kill(process.pid, 'SIGKILL');
}
