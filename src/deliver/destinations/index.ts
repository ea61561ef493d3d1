/**
 * Destination configuration as it appears under `destinations:` in kindling.yml (a map from name to
 * one destination), and the factory that resolves secrets from the environment. Every problem
 * across all destinations is reported at once, naming keys and variables, never values.
 */
import { err, ok, type Result } from '../../lib/result.ts';
import type { ConfigProblem } from '../config-common.ts';
import type { Destination, DestinationDeps, DigestDestination } from '../destination.ts';
import { createEmailDestination } from './email.ts';
import { createHubspotDestination } from './hubspot.ts';
import { createLogDestination } from './log.ts';
import { createSalesforceDestination } from './salesforce.ts';
import { createSlackDestination } from './slack.ts';
import { createWebhookDestination } from './webhook.ts';

export {
  DESTINATION_NAME,
  type DestinationConfig,
  type DestinationsConfig,
  destinationConfigSchema,
  destinationsConfigSchema,
} from './config-schema.ts';

import type { DestinationConfig, DestinationsConfig } from './config-schema.ts';

export function createDestination(
  name: string,
  config: DestinationConfig,
  deps: DestinationDeps,
): Result<Destination, ConfigProblem[]> {
  switch (config.kind) {
    case 'slack':
      return createSlackDestination(name, config, deps);
    case 'webhook':
      return createWebhookDestination(name, config, deps);
    case 'email':
      return createEmailDestination(name, config, deps);
    case 'hubspot':
      return createHubspotDestination(name, config, deps);
    case 'salesforce':
      return createSalesforceDestination(name, config, deps);
    case 'log':
      return createLogDestination(name, config, deps);
  }
}

export function createDestinations(
  configs: DestinationsConfig,
  deps: DestinationDeps,
): Result<ReadonlyMap<string, Destination>, ConfigProblem[]> {
  const destinations = new Map<string, Destination>();
  const problems: ConfigProblem[] = [];
  for (const [name, config] of Object.entries(configs)) {
    const created = createDestination(name, config, deps);
    if (created.ok) destinations.set(name, created.value);
    else problems.push(...created.error);
  }
  return problems.length === 0 ? ok(destinations) : err(problems);
}

export function isDigestDestination(destination: Destination): destination is DigestDestination {
  return 'sendDigest' in destination && typeof destination.sendDigest === 'function';
}
