/**
 * One JSON POST with `fetch`, bounded by a timeout and the caller's signal, classified into an
 * outcome. Used by the Slack and webhook destinations; redirects are not followed (a moved webhook
 * is a configuration problem to see, not to chase).
 */
import { classifyResponse } from './classify-response.ts';
import { type DeliveryOutcome, retry } from './outcome.ts';
import { describeError, redactOutcome } from './redact.ts';

export interface PostOptions {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Scrubbed from every detail. */
  readonly secrets: readonly string[];
  readonly now: () => number;
}

export async function postJson(options: PostOptions): Promise<DeliveryOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  let outcome: DeliveryOutcome;
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: options.body,
      signal,
      redirect: 'manual',
    });
    const body = await response.text();
    outcome = classifyResponse({ status: response.status, headers: response.headers, body }, options.now());
  } catch (error) {
    if (timeout.aborted) outcome = retry(null, null, `timed out after ${options.timeoutMs} ms`);
    else if (options.signal?.aborted) outcome = retry(null, null, 'cancelled before a response arrived');
    else outcome = retry(null, null, `network error: ${describeError(error)}`);
  }
  return redactOutcome(outcome, options.secrets);
}
