/**
 * HubSpot (official @hubspot/api-client, CRM v3): writes score, tier and a signals summary to the
 * contact (upserted by e-mail) and the company (found by domain, or by id), then creates a task for
 * the owner due at the SLA. The client's own retries and limiter are off: the outbox owns both.
 * The client library is imported at the first send: loading it costs every process that never sends.
 */
import http from 'node:http';
import https from 'node:https';
import { err, ok, type Result } from '../../lib/result.ts';
import { classifyResponse, headersFromRecord } from '../classify-response.ts';
import { type ConfigProblem, rateRule, readSecret, urlConfigProblem } from '../config-common.ts';
import type { Destination, DestinationDeps } from '../destination.ts';
import { guardedLookup, privateNetworkRefusal, systemResolve } from '../network-guard.ts';
import { type DeliveryOutcome, dead } from '../outcome.ts';
import { redactOutcome } from '../redact.ts';
import type { HubspotPlan } from './hubspot-steps.ts';
import { callStep, type Step } from './library-call.ts';

export { type HubspotConfig, hubspotConfigSchema } from './hubspot-config.ts';

import type { HubspotConfig } from './hubspot-config.ts';

/** HubSpot's burst limit for private apps is 100 requests per 10 s. */
export const HUBSPOT_RATE = { requests: 100, perMs: 10_000 } as const;
/** Owner lookup, contact upsert, company search and update, task search (on retries) and create. */
const REQUESTS_PER_SEND = 6;

export function createHubspotDestination(
  name: string,
  config: HubspotConfig,
  deps: DestinationDeps,
): Result<Destination, ConfigProblem[]> {
  const token = readSecret(deps.env, `${name}.token_env`, config.token_env);
  const privateNetwork = config.allow_private_network;
  const url = urlConfigProblem(`${name}.base_path`, 'base_path', config.base_path, privateNetwork);
  if (!token.ok || url !== null)
    return err([...(token.ok ? [] : [token.error]), ...(url === null ? [] : [url])]);
  const accessToken = token.value;
  const now = deps.now ?? Date.now;
  const resolve = deps.resolve ?? systemResolve;
  return ok({
    name,
    kind: 'hubspot',
    rateLimit: {
      key: `hubspot:${name}`,
      rule: rateRule(config.rate_limit, HUBSPOT_RATE),
      cost: REQUESTS_PER_SEND,
    },
    send: async (alert, ctx) => {
      const [{ Client }, { perCallOptions, runHubspotPlan }] = await Promise.all([
        import('@hubspot/api-client'),
        import('./hubspot-steps.ts'),
      ]);
      // The guard's lookup checks every address the client's sockets connect to.
      const agentOptions = { keepAlive: false, lookup: guardedLookup(resolve, privateNetwork) };
      const agent = config.base_path.startsWith('https:')
        ? new https.Agent(agentOptions)
        : new http.Agent(agentOptions);
      const client = new Client({
        accessToken,
        basePath: config.base_path.replace(/\/+$/, ''),
        numberOfApiCallRetries: 0,
      });
      const options = perCallOptions(agent, {
        'Idempotency-Key': ctx.idempotencyKey,
        'Kindling-Attempt': String(ctx.attempt),
      });
      const call = <T>(run: () => Promise<T>): Promise<Step<T>> =>
        callStep(run, {
          timeoutMs: config.timeout_ms,
          ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
          giveUp: () => agent.destroy(),
          failure: (error) => {
            const refused = privateNetworkRefusal(error);
            return refused === null ? hubspotFailure(error, now()) : dead(null, refused);
          },
        });
      const plan: HubspotPlan = { config, alert, idempotencyKey: ctx.idempotencyKey, attempt: ctx.attempt };
      try {
        const outcome = await runHubspotPlan({ client, call, options }, plan);
        return redactOutcome(outcome, [accessToken]);
      } finally {
        agent.destroy();
      }
    },
  });
}

/** The client throws `ApiException { code, body, headers }` for every non-2xx answer. */
function hubspotFailure(error: unknown, now: number): DeliveryOutcome | null {
  if (typeof error !== 'object' || error === null || !('code' in error) || typeof error.code !== 'number') {
    return null;
  }
  if (error.code === 0) return dead(null, 'HubSpot answered with something that is not JSON');
  const headers = 'headers' in error && isStringRecord(error.headers) ? error.headers : {};
  const body = 'body' in error ? JSON.stringify(error.body) : undefined;
  return classifyResponse(
    { status: error.code, headers: headersFromRecord(headers), ...(body === undefined ? {} : { body }) },
    now,
  );
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string')
  );
}
