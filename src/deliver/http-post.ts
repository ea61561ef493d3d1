/**
 * One JSON POST, bounded by a timeout and the caller's signal, classified into an outcome. Used by
 * the Slack and webhook destinations. Made with node:http(s) rather than `fetch` so the socket can
 * be given the network guard's lookup (network-guard.ts): the addresses checked are the ones
 * connected to. Redirects are not followed (a moved webhook is a configuration problem to see, not
 * to chase).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { classifyResponse, type HeaderLookup } from './classify-response.ts';
import {
  guardedLookup,
  privateNetworkRefusal,
  type Resolve,
  systemResolve,
  urlProblem,
} from './network-guard.ts';
import { type DeliveryOutcome, dead, retry } from './outcome.ts';
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
  /** The destination's `allow_private_network`: false refuses loopback, link-local and private hosts. */
  readonly allowPrivateNetwork: boolean;
  /** Default: the system's name resolution. */
  readonly resolve?: Resolve;
}

interface RawResponse {
  readonly status: number;
  readonly headers: HeaderLookup;
  readonly body: string;
}

export async function postJson(options: PostOptions): Promise<DeliveryOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  let outcome: DeliveryOutcome;
  const literal = options.allowPrivateNetwork ? null : urlProblem(options.url);
  if (literal !== null) return dead(null, `refused: the URL ${literal}`);
  try {
    const response = await post(options, signal);
    outcome = classifyResponse(response, options.now());
  } catch (error) {
    // The guard's refusal is a configuration (or DNS) to fix, not a failure that time will cure.
    const refused = privateNetworkRefusal(error);
    if (refused !== null) outcome = dead(null, refused);
    else if (timeout.aborted) outcome = retry(null, null, `timed out after ${options.timeoutMs} ms`);
    else if (options.signal?.aborted) outcome = retry(null, null, 'cancelled before a response arrived');
    else outcome = retry(null, null, `network error: ${describeError(error)}`);
  }
  return redactOutcome(outcome, options.secrets);
}

function post(options: PostOptions, signal: AbortSignal): Promise<RawResponse> {
  const send = options.url.startsWith('https:') ? httpsRequest : httpRequest;
  const body = Buffer.from(options.body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = send(
      options.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...options.headers,
          'content-length': String(body.length),
        },
        signal,
        // A connection per request, never pooled: each is made through the guard's lookup, and no
        // other client of Node's global agent can pick up a socket made here (or hand one over).
        agent: false,
        lookup: guardedLookup(options.resolve ?? systemResolve, options.allowPrivateNetwork),
      },
      (response) => {
        readBody(response).then(
          (text) =>
            resolve({ status: response.statusCode ?? 0, headers: headerLookup(response), body: text }),
          reject,
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Only an excerpt of the body is kept (classify-response.ts), so no more than this is held. */
const MAX_BODY_BYTES = 64 * 1024;

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let held = 0;
    response.on('data', (chunk: Buffer) => {
      if (held >= MAX_BODY_BYTES) return;
      chunks.push(chunk);
      held += chunk.length;
    });
    response.on('end', () => resolve(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8')));
    response.on('error', reject);
    // Cut off (timeout, cancel, reset) without an 'error' of its own: do not wait for ever.
    response.on('close', () => {
      if (!response.complete) reject(new Error('the response was cut off before its end'));
    });
  });
}

function headerLookup(response: IncomingMessage): HeaderLookup {
  return {
    get(name) {
      const value = response.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
