/**
 * Configuration pieces every destination shares: secrets named by environment variable, the
 * per-request timeout, and an optional rate-limit override. Resolved once at start-up.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../lib/result.ts';
import { failureAlertFields } from './destinations/failure-alert-config.ts';
import { PRIVATE_NETWORK_HINT, urlProblem } from './network-guard.ts';
import type { RateRule } from './rate-limiter.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;

export const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable, e.g. KINDLING_SLACK_URL');

export const commonFields = {
  timeout_ms: z.number().int().positive().max(120_000).default(DEFAULT_TIMEOUT_MS),
  rate_limit: z
    .object({
      requests: z.number().int().positive(),
      per_seconds: z.number().positive(),
      burst: z.number().int().positive().optional(),
    })
    .strict()
    .optional(),
  ...failureAlertFields,
};

/** The keys of destinations that make HTTP requests (network-guard.ts). */
export const networkFields = {
  /** true: the destination may reach loopback, link-local and private addresses. */
  allow_private_network: z.boolean().default(false),
};

/**
 * A problem with a destination's URL: not http(s), or (unless private networks are allowed) a
 * literal loopback, link-local or private host. `label` names where the URL comes from (a variable
 * or a key), never the URL itself, which may hold a secret.
 */
export function urlConfigProblem(
  path: string,
  label: string,
  url: string,
  allowPrivateNetwork: boolean,
): ConfigProblem | null {
  if (!/^https?:\/\//.test(url)) return { path, message: `${label} must hold an http(s) URL` };
  const problem = allowPrivateNetwork ? null : urlProblem(url);
  return problem === null ? null : { path, message: `${label} ${problem}. ${PRIVATE_NETWORK_HINT}` };
}

/**
 * For a URL written in the file (HubSpot's `base_path`, Salesforce's `instance_url`): the network
 * rule as a schema refinement, so `kindling check` places the problem at its line and column.
 */
export const isAllowedUrl = (url: string, allowPrivateNetwork: boolean): boolean =>
  allowPrivateNetwork || urlProblem(url) === null;

export const privateUrlIssue = (key: string) => ({
  message: `points at a loopback, link-local or private address. ${PRIVATE_NETWORK_HINT}`,
  path: [key],
});

export function rateRule(
  configured: { requests: number; per_seconds: number; burst?: number | undefined } | undefined,
  fallback: RateRule,
): RateRule {
  return configured === undefined
    ? fallback
    : { requests: configured.requests, perMs: configured.per_seconds * 1000, burst: configured.burst };
}

/** A problem resolving configuration, naming the key (never the value). */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** The value of the variable a `*_env` field names; missing or empty is a problem. */
export function readSecret(
  env: Readonly<Record<string, string | undefined>>,
  path: string,
  name: string,
): Result<string, ConfigProblem> {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    return err({ path, message: `environment variable ${name} is not set` });
  }
  return ok(value.trim());
}
