import { err, ok, type Result } from '../../lib/result.ts';
import { type ConfigProblem, rateRule, readSecret, urlConfigProblem } from '../config-common.ts';
import { NOTICE_EVENT_TYPES } from '../delivery-notice.ts';
import type { DeliveryContext, DestinationDeps, NoticeDestination } from '../destination.ts';
import { postJson } from '../http-post.ts';
import { renderWebhookPayload } from '../render/webhook-payload.ts';
import { parseSigningSecret, signWebhook } from './standard-webhooks.ts';

export { type WebhookConfig, webhookConfigSchema } from './webhook-config.ts';

import type { WebhookConfig } from './webhook-config.ts';

export const WEBHOOK_RATE = { requests: 20, perMs: 1000 } as const;

export function createWebhookDestination(
  name: string,
  config: WebhookConfig,
  deps: DestinationDeps,
): Result<NoticeDestination, ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  const url = readSecret(deps.env, `${name}.url_env`, config.url_env);
  const secret = readSecret(deps.env, `${name}.secret_env`, config.secret_env);
  if (!url.ok) problems.push(url.error);
  else {
    const path = `${name}.url_env`;
    const problem = urlConfigProblem(path, config.url_env, url.value, config.allow_private_network);
    if (problem !== null) problems.push(problem);
  }
  const key = secret.ok ? parseSigningSecret(secret.value) : null;
  if (!secret.ok) problems.push(secret.error);
  else if (key !== null && !key.ok) {
    problems.push({ path: `${name}.secret_env`, message: `${config.secret_env} ${key.error}` });
  }
  if (!url.ok || !secret.ok || key === null || !key.ok || problems.length > 0) return err(problems);
  const target = url.value;
  const signingKey = key.value;
  const secrets = [target, secret.value, secret.value.slice('whsec_'.length)];
  const now = deps.now ?? Date.now;
  /** Signed with `id` as the `webhook-id`, the same on every attempt of one message. */
  const post = (id: string, body: string, ctx: DeliveryContext) =>
    postJson({
      url: target,
      body,
      headers: {
        ...signWebhook(signingKey, id, now() / 1000, body),
        'idempotency-key': id,
        'kindling-attempt': String(ctx.attempt),
        'user-agent': 'Kindling-Webhooks/1',
      },
      timeoutMs: config.timeout_ms,
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      secrets,
      now,
      allowPrivateNetwork: config.allow_private_network,
      ...(deps.resolve === undefined ? {} : { resolve: deps.resolve }),
    });
  return ok({
    name,
    kind: 'webhook',
    rateLimit: { key: `webhook:${name}`, rule: rateRule(config.rate_limit, WEBHOOK_RATE), cost: 1 },
    send: (alert, ctx) => post(ctx.idempotencyKey, JSON.stringify(renderWebhookPayload(alert)), ctx),
    sendNotice: (notice, ctx) => {
      const payload = {
        type: NOTICE_EVENT_TYPES[notice.kind],
        timestamp: new Date(now()).toISOString(),
        data: notice,
      };
      return post(ctx.idempotencyKey, JSON.stringify(payload), ctx);
    },
  });
}
