/**
 * Salesforce (jsforce Connection, REST sobjects API): finds the Contact or Lead by e-mail (creating a
 * Lead when none exists, if allowed), writes score, tier and signals to it, and creates a Task for
 * the owner due at the SLA. jsforce's own retries are off; status codes are read from the transport.
 */
import { err, ok, type Result } from '../../lib/result.ts';
import { classifyResponse, headersFromRecord } from '../classify-response.ts';
import { type ConfigProblem, rateRule, readSecret, urlConfigProblem } from '../config-common.ts';
import type { Destination, DestinationDeps } from '../destination.ts';
import { checkResolvesPublic } from '../network-guard.ts';
import { dead, retry } from '../outcome.ts';
import { redactOutcome } from '../redact.ts';
import { callStep, type Step } from './library-call.ts';
import { runSalesforcePlan, type SalesforceRequest } from './salesforce-steps.ts';

export { type SalesforceConfig, salesforceConfigSchema } from './salesforce-config.ts';

import type { SalesforceConfig } from './salesforce-config.ts';

/** Salesforce limits calls per day, not per second; this keeps a burst polite. */
export const SALESFORCE_RATE = { requests: 25, perMs: 1000 } as const;
/** Contact and Lead queries, Lead create, update, owner query, task. */
const REQUESTS_PER_SEND = 6;

export function createSalesforceDestination(
  name: string,
  config: SalesforceConfig,
  deps: DestinationDeps,
): Result<Destination, ConfigProblem[]> {
  const token = readSecret(deps.env, `${name}.access_token_env`, config.access_token_env);
  const privateNetwork = config.allow_private_network;
  const url = urlConfigProblem(`${name}.instance_url`, 'instance_url', config.instance_url, privateNetwork);
  if (!token.ok || url !== null)
    return err([...(token.ok ? [] : [token.error]), ...(url === null ? [] : [url])]);
  const accessToken = token.value;
  const now = deps.now ?? Date.now;
  return ok({
    name,
    kind: 'salesforce',
    rateLimit: {
      key: `salesforce:${name}`,
      rule: rateRule(config.rate_limit, SALESFORCE_RATE),
      cost: REQUESTS_PER_SEND,
    },
    send: async (alert, ctx) => {
      // jsforce takes no socket lookup: the name is checked just before the requests instead.
      const refused = privateNetwork
        ? null
        : await checkResolvesPublic(new URL(config.instance_url).hostname, deps.resolve);
      if (refused !== null) return dead(null, refused.message);
      const [{ Connection }, { RecordingTransport }] = await Promise.all([
        import('jsforce'),
        import('./salesforce-transport.ts'),
      ]);
      const conn = new Connection({
        instanceUrl: config.instance_url.replace(/\/+$/, ''),
        accessToken,
        version: config.api_version,
      });
      const transport = new RecordingTransport();
      const request: SalesforceRequest = <T>(
        method: 'GET' | 'POST' | 'PATCH',
        url: string,
        body?: object,
      ): Promise<Step<T>> => {
        transport.last = null;
        return callStep(
          () =>
            conn.request<T>(
              {
                method,
                url,
                ...(body === undefined ? {} : { body: JSON.stringify(body) }),
                headers: {
                  'content-type': 'application/json',
                  'Idempotency-Key': ctx.idempotencyKey,
                  'Kindling-Attempt': String(ctx.attempt),
                },
              },
              { transport, timeout: config.timeout_ms, retry: { maxRetries: 0 } },
            ),
          {
            timeoutMs: config.timeout_ms,
            ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
            giveUp: () => {},
            failure: () => {
              const last = transport.last;
              if (last === null || last.statusCode < 300) return null;
              const outcome = classifyResponse(
                { status: last.statusCode, headers: headersFromRecord(last.headers), body: last.body },
                now(),
              );
              // The org's daily API allowance is spent: a 403 that tomorrow will answer differently.
              const spent = last.statusCode === 403 && last.body.includes('REQUEST_LIMIT_EXCEEDED');
              return spent && outcome.kind === 'dead' ? retry(403, null, outcome.detail) : outcome;
            },
          },
        );
      };
      const outcome = await runSalesforcePlan(request, { config, alert, idempotencyKey: ctx.idempotencyKey });
      return redactOutcome(outcome, [accessToken]);
    },
  });
}
