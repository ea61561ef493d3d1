/**
 * The `@hubspot/api-client` Client for the sync: the token from the environment, the network guard
 * on every socket, the library's own retries off (the pacer waits out 429s, reading Retry-After).
 */
import http from 'node:http';
import https from 'node:https';
import { Client } from '@hubspot/api-client';
import type { HubspotSyncConfig } from '../../definition/crm/crm-config.ts';
import { perCallOptions } from '../../deliver/destinations/hubspot-steps.ts';
import { guardedLookup, type Resolve, systemResolve } from '../../deliver/network-guard.ts';
import { Pacer, type PacerOptions, retryAfterMs, type ThrottleInfo } from '../pacer.ts';

/** HubSpot's burst limit for private apps: 100 requests per 10 s (190 on higher tiers). */
export const HUBSPOT_RULE = { requests: 100, perMs: 10_000 } as const;

export interface HubspotConnection {
  readonly client: Client;
  readonly options: ReturnType<typeof perCallOptions>;
  readonly pacer: Pacer;
  close(): void;
}

export function connectHubspot(
  config: HubspotSyncConfig,
  token: string,
  deps: { resolve?: Resolve; sleep?: PacerOptions['sleep'] } = {},
): HubspotConnection {
  const agentOptions = {
    keepAlive: true,
    lookup: guardedLookup(deps.resolve ?? systemResolve, config.allow_private_network),
  };
  const agent = config.base_path.startsWith('https:')
    ? new https.Agent(agentOptions)
    : new http.Agent(agentOptions);
  const client = new Client({
    accessToken: token,
    basePath: config.base_path.replace(/\/+$/, ''),
    numberOfApiCallRetries: 0,
  });
  const rule =
    config.rate_limit === undefined
      ? HUBSPOT_RULE
      : { requests: config.rate_limit.requests, perMs: config.rate_limit.per_seconds * 1000 };
  const pacer = new Pacer({
    rule,
    timeoutMs: config.timeout_ms,
    maxRetries: config.max_retries,
    throttle: hubspotThrottle,
    giveUp: () => agent.destroy(),
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
  });
  return { client, options: perCallOptions(agent, {}), pacer, close: () => agent.destroy() };
}

/** The client throws `ApiException { code, headers }` for every non-2xx answer. */
function hubspotThrottle(error: unknown): ThrottleInfo {
  if (typeof error !== 'object' || error === null || !('code' in error) || typeof error.code !== 'number') {
    return { status: null, retryAfterMs: null };
  }
  const headers =
    'headers' in error && typeof error.headers === 'object' && error.headers !== null ? error.headers : {};
  const retryAfter = 'retry-after' in headers ? String(headers['retry-after']) : undefined;
  return { status: error.code, retryAfterMs: retryAfterMs(retryAfter, Date.now()) };
}
