/**
 * `crm:` the HubSpot / Salesforce sync (docs/crm.md). Checked against `crm/crm-config.ts`, every
 * issue at its own line and column; like routing it is returned beside the IR, never in it. Values of
 * `*_env` keys are never repeated in a message, in case someone pasted the secret itself.
 */
import { z } from 'zod';
import { asMap } from '../check/check-object.ts';
import type { CheckContext } from '../check/context.ts';
import { type CrmConfig, crmConfigSchema } from '../crm/crm-config.ts';
import { didYouMean } from '../problems/suggest.ts';
import { field } from '../schema/fields.ts';
import { describePath, describeValue } from '../source/describe-value.ts';
import type { Draft } from './draft.ts';
import type { FileMap, Section } from './section.ts';

const HINT = 'See docs/crm.md for the keys of `crm:`.';

const fields = {
  crm: field(z.record(z.string(), z.unknown()), 'the CRM sync: hubspot and/or salesforce, and `every`', {
    documented: crmConfigSchema.meta({ id: 'Crm', description: 'Two-way CRM sync (docs/crm.md).' }),
  }),
} as const;

function check(ctx: CheckContext, file: FileMap, draft: Draft): void {
  if (!('crm' in file)) return;
  const parsed = crmConfigSchema.safeParse(file.crm);
  if (parsed.success) {
    draft.crm = parsed.data;
    return;
  }
  for (const issue of parsed.error.issues) reportIssue(ctx, file.crm, issue);
}

function reportIssue(ctx: CheckContext, raw: unknown, issue: z.core.$ZodIssue): void {
  const inner = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const path = ['crm', ...inner];
  if (issue.code === 'unrecognized_keys') {
    const known = keysOf(inner);
    for (const key of issue.keys) {
      ctx.report('unknown-key', [...path, key], {
        anchor: 'key',
        message: `unknown key \`${key}\` in ${inner.length === 0 ? '`crm`' : describePath(inner)}; expected one of: ${known.join(', ')}`,
        hint: didYouMean(key, known, HINT),
      });
    }
    return;
  }
  const found = valueAt(raw, inner);
  const key = inner[inner.length - 1];
  const label = typeof key === 'string' ? `\`${key}\`` : inner.length === 0 ? '`crm`' : describePath(inner);
  if (found === undefined && inner.length > 0) {
    ctx.report('missing-key', path.slice(0, -1), {
      anchor: 'key',
      message: `${describePath(['crm', ...inner.slice(0, -1)])} is missing ${label}`,
      hint: `Add ${label}. ${HINT}`,
    });
    return;
  }
  const secret = typeof key === 'string' && key.endsWith('_env');
  ctx.report(issue.code === 'invalid_type' ? 'bad-value-type' : 'bad-value', path, {
    message: `${label}: ${issue.message}${secret ? ' (the value is not shown: it may be a secret)' : `, found ${describeValue(found)}`}`,
    hint: secret ? 'Write the name of an environment variable that holds the secret.' : HINT,
  });
}

/** The keys allowed in the map at `inner`, for "did you mean". */
function keysOf(inner: readonly (string | number)[]): string[] {
  const shape = crmConfigSchema.shape;
  if (inner.length === 0) return Object.keys(shape);
  const crm = inner[0];
  if (crm === 'hubspot' || crm === 'salesforce') return Object.keys(shape[crm].unwrap().shape);
  return [];
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    const map = asMap(current);
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (map !== null && typeof segment === 'string') current = map[segment];
    else return undefined;
  }
  return current;
}

export type { CrmConfig };
export const crmSection: Section = { fields, check };
