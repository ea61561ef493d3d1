/**
 * What `destinations:` in kindling.yml may hold, as schemas only: the definition front end reads
 * this without loading the senders' libraries (nodemailer, the HubSpot client, jsforce).
 */
import { z } from 'zod';
import { emailConfigSchema } from './email-config.ts';
import { hubspotConfigSchema } from './hubspot-config.ts';
import { logConfigSchema } from './log-config.ts';
import { salesforceConfigSchema } from './salesforce-config.ts';
import { slackConfigSchema } from './slack-config.ts';
import { webhookConfigSchema } from './webhook-config.ts';

export const destinationConfigSchema = z.discriminatedUnion('kind', [
  slackConfigSchema,
  webhookConfigSchema,
  emailConfigSchema,
  hubspotConfigSchema,
  salesforceConfigSchema,
  logConfigSchema,
]);
export type DestinationConfig = z.infer<typeof destinationConfigSchema>;

export const DESTINATION_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const destinationsConfigSchema = z.record(
  z.string().regex(DESTINATION_NAME, 'destination names are lower-case letters, digits, - and _'),
  destinationConfigSchema,
);
export type DestinationsConfig = z.infer<typeof destinationsConfigSchema>;
