/** The `salesforce` destination's configuration under `destinations:` (loaded without the sender's libraries). */
import { z } from 'zod';
import { commonFields, envName, isAllowedUrl, networkFields, privateUrlIssue } from '../config-common.ts';

export const salesforceConfigSchema = z
  .object({
    kind: z.literal('salesforce'),
    /** e.g. https://acme.my.salesforce.com */
    instance_url: z.url(),
    /** An OAuth access token (e.g. from a connected app's client-credentials flow). */
    access_token_env: envName,
    api_version: z
      .string()
      .regex(/^\d+\.\d$/, 'like 62.0')
      .default('62.0'),
    /** Where to look for the person, in order. */
    lookup: z
      .array(z.enum(['Contact', 'Lead']))
      .min(1)
      .default(['Contact', 'Lead']),
    create_missing_lead: z.boolean().default(true),
    /** API names of the fields to write; create them on Lead and Contact first. */
    fields: z
      .object({
        score: z.string().min(1).default('Kindling_PQL_Score__c'),
        tier: z.string().min(1).default('Kindling_PQL_Tier__c'),
        signals: z.string().min(1).default('Kindling_PQL_Signals__c'),
      })
      .strict()
      .default({
        score: 'Kindling_PQL_Score__c',
        tier: 'Kindling_PQL_Tier__c',
        signals: 'Kindling_PQL_Signals__c',
      }),
    create_task: z.boolean().default(true),
    /** An external-id text field on Task: when set, tasks are upserted by the idempotency key. */
    task_key_field: z.string().min(1).optional(),
    ...commonFields,
    ...networkFields,
  })
  .strict()
  .refine((c) => isAllowedUrl(c.instance_url, c.allow_private_network), privateUrlIssue('instance_url'));

export type SalesforceConfig = z.infer<typeof salesforceConfigSchema>;
