/**
 * `routing.suppress`: who is never alerted. The do-not-contact list itself lives in the database
 * (`kindling suppress`, `/api/suppressions`); here only whether to honour it, plus competitor
 * domains, personal e-mail, active deals and recent churn.
 */
import { checkObject } from '../check/check-object.ts';
import { durationMs } from '../schema/patterns.ts';
import { buildComparison } from '../signals/comparison.ts';
import type { Path } from '../source/yaml-source.ts';
import { buildCondition } from './check-condition.ts';
import type { ChurnedConfig, SuppressConfig } from './routing-config.ts';
import type { RoutingEnv } from './routing-env.ts';
import { CHURNED_FIELDS, SUPPRESS_FIELDS } from './routing-fields.ts';

/** `acme.com`, `eu.acme.co.uk`: labels of letters, digits and hyphens, at least one dot. */
export const DOMAIN = /^([a-z0-9-]+\.)+[a-z0-9-]+$/;

export const DEFAULT_SUPPRESS: SuppressConfig = {
  doNotContact: true,
  competitors: [],
  personalEmail: false,
  activeDeal: null,
  churned: null,
};

export function buildSuppress(env: RoutingEnv, path: Path, raw: unknown): SuppressConfig | null {
  const before = env.ctx.errorCount;
  const parsed = checkObject(env.ctx, path, raw, SUPPRESS_FIELDS, '`suppress`');
  if (parsed === null) return null;
  const competitors =
    parsed.competitors === undefined ? [] : domains(env, [...path, 'competitors'], parsed.competitors);
  const activeDeal =
    parsed.active_deal === undefined
      ? null
      : buildCondition(env, [...path, 'active_deal'], parsed.active_deal, '`active_deal`');
  const churned =
    parsed.churned === undefined ? null : buildChurned(env, [...path, 'churned'], parsed.churned);
  if (env.ctx.errorCount > before) return null;
  return {
    doNotContact: parsed.do_not_contact ?? true,
    competitors,
    personalEmail: parsed.personal_email ?? false,
    activeDeal,
    churned,
  };
}

function domains(env: RoutingEnv, path: Path, raw: unknown): string[] {
  const resolved = buildComparison(env, 'in', raw, path);
  if (resolved === null || resolved.op !== 'in') return [];
  const out: string[] = [];
  resolved.values.forEach((value, i) => {
    const domain = typeof value === 'string' ? value.trim().toLowerCase().replace(/^@/, '') : '';
    if (DOMAIN.test(domain)) {
      out.push(domain);
      return;
    }
    env.ctx.report('bad-value', typeof raw === 'string' ? path : [...path, i], {
      message: `a competitor expects a domain such as rival.example, found ${JSON.stringify(value)}`,
      hint: 'Write the bare domain: no scheme, no path, no e-mail address.',
    });
  });
  return [...new Set(out)];
}

function buildChurned(env: RoutingEnv, path: Path, raw: unknown): ChurnedConfig | null {
  const parsed = checkObject(env.ctx, path, raw, CHURNED_FIELDS, '`churned`');
  if (parsed?.within === undefined) return null;
  const when =
    parsed.when === undefined ? null : buildCondition(env, [...path, 'when'], parsed.when, '`when`');
  return {
    withinMs: durationMs(parsed.within) ?? 0,
    dateTrait: parsed.date_trait ?? null,
    when,
  };
}
