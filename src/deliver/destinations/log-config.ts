/** The `log` destination's configuration under `destinations:`: alerts a newcomer sees at once, no secrets. */
import { z } from 'zod';
import { commonFields } from '../config-common.ts';

export const logConfigSchema = z
  .object({
    kind: z.literal('log'),
    /** Append each alert, as the webhook's JSON payload, to this NDJSON file (relative: to the working directory). */
    path: z.string().min(1).max(1024).optional(),
    /** Print each rendered alert to standard output; default: true without `path`, false with it. */
    print: z.boolean().optional(),
    ...commonFields,
  })
  .strict();

export type LogConfig = z.infer<typeof logConfigSchema>;
