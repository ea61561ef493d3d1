/** The `webhook` destination's configuration under `destinations:` (loaded without the sender's libraries). */
import { z } from 'zod';
import { commonFields, envName, networkFields } from '../config-common.ts';

export const webhookConfigSchema = z
  .object({
    kind: z.literal('webhook'),
    url_env: envName,
    /** Names the variable holding the `whsec_<base64>` signing secret shared with the receiver. */
    secret_env: envName,
    ...commonFields,
    ...networkFields,
  })
  .strict();

export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
