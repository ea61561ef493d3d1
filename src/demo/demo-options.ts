/**
 * The knobs of the demo generator, validated once. Everything downstream reads the resolved
 * form, whose `endAt` is a number: output depends only on these values, never on the clock
 * (unless the caller explicitly asks for `'now'`).
 */
import { z } from 'zod';
import { hashKey } from './prng.ts';

export const DAY_MS = 86_400_000;

/** The default end of the window: fixed, so the same options always give the same bytes. */
export const DEFAULT_END_AT = Date.UTC(2025, 5, 2);

export const demoOptionsSchema = z.object({
  users: z.number().int().min(0).max(50_000_000),
  accounts: z.number().int().min(0).max(10_000_000),
  days: z.number().int().min(1).max(3650),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  endAt: z
    .union([
      z
        .number()
        .int()
        .min(DAY_MS * 3650),
      z.literal('now'),
    ])
    .optional(),
});

export type DemoOptions = z.input<typeof demoOptionsSchema>;

export interface ResolvedDemoOptions {
  readonly users: number;
  readonly accounts: number;
  readonly days: number;
  readonly seed: number;
  /** Epoch ms; every generated timestamp is in [startAt, endAt]. */
  readonly endAt: number;
  readonly startAt: number;
  /** Eight hex digits naming this run in message ids, so two different runs never share one. */
  readonly runTag: string;
}

export function resolveDemoOptions(options: DemoOptions): ResolvedDemoOptions {
  const parsed = demoOptionsSchema.safeParse(options);
  if (!parsed.success) {
    // Callers validate at their own trust boundary (the CLI does); reaching here is a bug.
    throw new RangeError(`invalid demo options: ${z.prettifyError(parsed.error)}`);
  }
  const { users, accounts, days, seed } = parsed.data;
  const endAt = parsed.data.endAt === 'now' ? Date.now() : (parsed.data.endAt ?? DEFAULT_END_AT);
  const runTag = hashKey(seed, users, accounts, days, endAt).toString(16).padStart(8, '0');
  return { users, accounts, days, seed, endAt, startAt: endAt - days * DAY_MS, runTag };
}
