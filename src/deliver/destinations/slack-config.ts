/** The `slack` destination's configuration under `destinations:` (loaded without the sender's libraries). */
import { z } from 'zod';
import { commonFields, envName, networkFields } from '../config-common.ts';

export const slackConfigSchema = z
  .object({
    kind: z.literal('slack'),
    /** Names the variable holding https://hooks.slack.com/services/… */
    webhook_url_env: envName,
    ...commonFields,
    ...networkFields,
  })
  .strict();

export type SlackConfig = z.infer<typeof slackConfigSchema>;
