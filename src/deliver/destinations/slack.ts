import { err, ok, type Result } from '../../lib/result.ts';
import { type ConfigProblem, rateRule, readSecret, urlConfigProblem } from '../config-common.ts';
import { noticeText } from '../delivery-notice.ts';
import type {
  DeliveryContext,
  DestinationDeps,
  DigestDestination,
  NoticeDestination,
} from '../destination.ts';
import { postJson } from '../http-post.ts';
import { dead } from '../outcome.ts';
import { renderSlackMessage } from '../render/slack-blocks.ts';
import { renderSlackDigest } from '../render/slack-digest.ts';
import { escapeMrkdwn, fitText } from '../render/text-fit.ts';

export { type SlackConfig, slackConfigSchema } from './slack-config.ts';

import type { SlackConfig } from './slack-config.ts';

/**
 * Slack takes about one message per second per channel and allows short bursts over it: alerts that
 * come together (a pause in the store, a backlog of events) go out at once, not a second apart.
 */
export const SLACK_RATE = { requests: 1, perMs: 1000, burst: 3 } as const;

export function createSlackDestination(
  name: string,
  config: SlackConfig,
  deps: DestinationDeps,
): Result<DigestDestination & NoticeDestination, ConfigProblem[]> {
  const url = readSecret(deps.env, `${name}.webhook_url_env`, config.webhook_url_env);
  if (!url.ok) return err([url.error]);
  const path = `${name}.webhook_url_env`;
  const problem = urlConfigProblem(path, config.webhook_url_env, url.value, config.allow_private_network);
  if (problem !== null) return err([problem]);
  const webhookUrl = url.value;
  const now = deps.now ?? Date.now;
  const post = (body: unknown, ctx: DeliveryContext) =>
    postJson({
      url: webhookUrl,
      body: JSON.stringify(body),
      // Slack ignores these; they make a retried post traceable in any proxy in between.
      headers: { 'idempotency-key': ctx.idempotencyKey, 'kindling-attempt': String(ctx.attempt) },
      timeoutMs: config.timeout_ms,
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      secrets: [webhookUrl],
      now,
      allowPrivateNetwork: config.allow_private_network,
      ...(deps.resolve === undefined ? {} : { resolve: deps.resolve }),
    });
  return ok({
    name,
    kind: 'slack',
    rateLimit: { key: `slack:${name}`, rule: rateRule(config.rate_limit, SLACK_RATE), cost: 1 },
    send: (alert, ctx) => post(renderSlackMessage(alert), ctx),
    sendDigest: (alerts, ctx) => {
      if (alerts.length === 0) return Promise.resolve(dead(null, 'a digest needs at least one alert'));
      return post(renderSlackDigest(alerts, new Date(now()).toISOString().slice(0, 10)), ctx);
    },
    sendNotice: (notice, ctx) =>
      post({ text: `:warning: ${fitText(noticeText(notice), 3000, escapeMrkdwn)}` }, ctx),
  });
}
