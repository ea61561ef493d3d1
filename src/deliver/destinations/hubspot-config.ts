/** The `hubspot` destination's configuration under `destinations:` (loaded without the sender's libraries). */
import { z } from 'zod';
import { commonFields, envName, isAllowedUrl, networkFields, privateUrlIssue } from '../config-common.ts';

export const hubspotConfigSchema = z
  .object({
    kind: z.literal('hubspot'),
    /** A private app's access token. */
    token_env: envName,
    base_path: z.url().default('https://api.hubapi.com'),
    /** Internal names of the properties to write; create them in HubSpot first. */
    properties: z
      .object({
        score: z.string().min(1).default('kindling_pql_score'),
        tier: z.string().min(1).default('kindling_pql_tier'),
        signals: z.string().min(1).default('kindling_pql_signals'),
      })
      .strict()
      .default({ score: 'kindling_pql_score', tier: 'kindling_pql_tier', signals: 'kindling_pql_signals' }),
    /** `domain`: search companies by domain; `entity_id`: an account's id is the HubSpot company id. */
    company_match: z.enum(['domain', 'entity_id']).default('domain'),
    create_task: z.boolean().default(true),
    task_priority: z.enum(['LOW', 'MEDIUM', 'HIGH']).default('HIGH'),
    ...commonFields,
    ...networkFields,
  })
  .strict()
  .refine((c) => isAllowedUrl(c.base_path, c.allow_private_network), privateUrlIssue('base_path'));

export type HubspotConfig = z.infer<typeof hubspotConfigSchema>;
