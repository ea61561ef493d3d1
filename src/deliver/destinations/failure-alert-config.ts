/**
 * `on_failure:` on any destination: who hears when its deliveries fail (docs/outbox.md, "Delivery
 * failure alerts"). A schema only, spread into every destination's keys; that `alert` names a
 * destination able to take notices is checked with the other destinations (definition/sections).
 */
import { z } from 'zod';

/** The kinds whose senders implement `sendNotice` (destination.ts). */
export const NOTICE_KINDS: readonly string[] = ['slack', 'webhook', 'email'];

const DURATION = /^[1-9][0-9]*[mhd]$/;
const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of `30m`, `2h`, `1d`. */
export function failureDurationMs(text: string): number {
  return Number(text.slice(0, -1)) * (UNIT_MS[text.slice(-1)] ?? Number.NaN);
}

export const failureAlertFields = {
  on_failure: z
    .object({
      /** The destination told when this one dead-letters or keeps failing, and when it recovers. */
      alert: z.string().min(1),
      /** How long deliveries may fail, with no success, before it is an incident; default 30m. */
      after: z.string().regex(DURATION, 'a duration such as 30m, 2h or 1d').default('30m'),
    })
    .strict()
    .optional(),
};

export type FailureAlertConfig = NonNullable<z.infer<(typeof failureAlertFields)['on_failure']>>;
