/**
 * `crm:` two-way sync with HubSpot and/or Salesforce (docs/crm.md): which CRM, its secret (by
 * environment variable, as under `destinations:`), how Kindling entities are matched to CRM records,
 * and how deal or opportunity stages map to Kindling's outcomes. Like routing, it lives beside the
 * IR, never in it: changing the sync never changes the definition version.
 */
import { z } from 'zod';

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable, e.g. HUBSPOT_TOKEN');

/** What a CRM stage becomes in Kindling (`ignore`: nothing is recorded for it). */
export const CRM_OUTCOMES = ['contacted', 'opportunity', 'won', 'lost', 'ignore'] as const;
export type CrmOutcome = (typeof CRM_OUTCOMES)[number];

const stageMap = z.record(z.string().min(1), z.enum(CRM_OUTCOMES));

const rateLimit = z
  .object({ requests: z.number().int().positive(), per_seconds: z.number().positive() })
  .strict();

/** Where an entity's e-mail, company domain and CRM record id are read from (traits). */
const matchFields = {
  /** A trait holding the CRM's own record id: the surest match. */
  id_trait: z.string().min(1).optional(),
  /** The user trait holding the e-mail a contact is matched by. */
  email_trait: z.string().min(1).default('email'),
  /** The account trait holding the company domain (`domain:acme.com` account ids need none). */
  domain_trait: z.string().min(1).default('domain'),
  /** Create a contact or company that no record matches (otherwise it is listed as unmatched). */
  create_missing: z.boolean().default(false),
  /** Records per batch request (HubSpot allows 100, Salesforce collections 200). */
  batch_size: z.number().int().min(1).max(200).optional(),
  /** The stage of a deal or opportunity → a Kindling outcome; stages not listed use the default. */
  stages: stageMap.optional(),
  /** What a stage not in `stages` becomes: an open one, and closed ones by their won flag. */
  other_stages: z.enum(['opportunity', 'ignore']).default('opportunity'),
  timeout_ms: z.number().int().positive().max(120_000).default(30_000),
  /** Pacing of requests; each CRM's documented limit when absent. */
  rate_limit: rateLimit.optional(),
  /** At most this many tries of one request answered 429 (or 503) with Retry-After. */
  max_retries: z.number().int().min(0).max(10).default(5),
  /** true: the CRM URL may be a loopback or private address (tests, a local proxy). */
  allow_private_network: z.boolean().default(false),
};

export const hubspotSyncSchema = z
  .object({
    /** A private app's access token with crm.objects.* and crm.schemas.* scopes. */
    token_env: envName,
    base_path: z.url().default('https://api.hubapi.com'),
    /** Create the Kindling properties on contacts and companies when missing. */
    create_properties: z.boolean().default(true),
    ...matchFields,
  })
  .strict();

export const salesforceSyncSchema = z
  .object({
    /** e.g. https://acme.my.salesforce.com */
    instance_url: z.url(),
    access_token_env: envName,
    api_version: z
      .string()
      .regex(/^\d+\.\d$/, 'like 62.0')
      .default('62.0'),
    /** The Account field holding the company's web address, matched against the domain. */
    account_domain_field: z.string().min(1).default('Website'),
    /** Create the Kindling custom fields on Contact and Account (Tooling API) when missing. */
    create_fields: z.boolean().default(true),
    ...matchFields,
  })
  .strict();

export const crmConfigSchema = z
  .object({
    /** How often `serve` pushes and pulls, e.g. 15m or 1h; absent: only `kindling crm` runs them. */
    every: z
      .string()
      .regex(/^\d+(m|h)$/, 'a number of minutes or hours, like 15m or 1h')
      .optional(),
    hubspot: hubspotSyncSchema.optional(),
    salesforce: salesforceSyncSchema.optional(),
  })
  .strict()
  .refine((c) => c.hubspot !== undefined || c.salesforce !== undefined, {
    message: 'name at least one CRM: hubspot or salesforce',
  });

export type CrmConfig = z.infer<typeof crmConfigSchema>;
export type HubspotSyncConfig = z.infer<typeof hubspotSyncSchema>;
export type SalesforceSyncConfig = z.infer<typeof salesforceSyncSchema>;
export type CrmName = 'hubspot' | 'salesforce';

/** `every` in milliseconds, or null when the sync is not scheduled. */
export function crmIntervalMs(config: CrmConfig): number | null {
  const match = config.every === undefined ? null : /^(\d+)(m|h)$/.exec(config.every);
  if (match === null) return null;
  return Number(match[1]) * (match[2] === 'h' ? 3_600_000 : 60_000);
}
