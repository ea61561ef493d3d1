/**
 * `destinations:` name → where alerts go (Slack, webhook, e-mail, HubSpot, Salesforce). Each entry
 * is checked against the delivery area's own schema (`src/deliver/destinations/`), so the file and
 * the senders cannot disagree; its issues become positioned problems here. `digest:` is routing's
 * key, taken off before that check. Secrets stay in the environment: values of `*_env` keys are
 * never repeated in a message, in case someone pasted the secret itself.
 */
import { z } from 'zod';
import { DESTINATION_NAME, destinationConfigSchema } from '../../deliver/destinations/config-schema.ts';
import { asMap, checkObject, checkValue } from '../check/check-object.ts';
import type { CheckContext } from '../check/context.ts';
import { closest, didYouMean } from '../problems/suggest.ts';
import { isWeekday } from '../routing/check-calendar.ts';
import { TIME_OF_DAY, timezoneField, WEEKDAYS } from '../routing/routing-fields.ts';
import { canonicalTimeZone, minutesOfDay } from '../routing/time-of-day.ts';
import { field, fieldsSchema } from '../schema/fields.ts';
import { describePath, describeValue } from '../source/describe-value.ts';
import type { Path } from '../source/yaml-source.ts';
import type { DestinationDraft, Draft } from './draft.ts';
import { checkFailureAlerts } from './failure-alerts.ts';
import type { FileMap, Section } from './section.ts';

/** The kinds whose sender implements `sendDigest` (src/deliver/destinations/{email,slack,log}.ts). */
export const DIGEST_KINDS: readonly string[] = ['email', 'slack', 'log'];

const KINDS = destinationConfigSchema.options.map((option) => option.shape.kind.value);
const KIND_KEYS: ReadonlyMap<string, readonly string[]> = new Map(
  destinationConfigSchema.options.map((o) => [o.shape.kind.value, Object.keys(o.shape)]),
);

const DIGEST_FIELDS = {
  at: field(z.string().regex(TIME_OF_DAY), 'a time of day such as 09:00 (default: routing.digest_at)'),
  on: field(
    z.array(z.enum(WEEKDAYS)).min(1),
    `a non-empty list of weekdays (${WEEKDAYS.join(', ')}) it goes out on, such as [mon] for a weekly digest (default: every day)`,
    { code: 'bad-value', hint: 'Write the days as [mon] or [mon, thu].' },
  ),
  timezone: timezoneField,
} as const;

const digestField = field(
  z.union([z.literal('daily'), z.record(z.string(), z.unknown())]),
  'daily, or `{ at: "09:00", on: [mon], timezone: … }`',
  {
    documented: z.union([z.literal('daily'), fieldsSchema(DIGEST_FIELDS)]),
  },
);

const documentedDestination = z
  .union(
    destinationConfigSchema.options.map((option) =>
      option.safeExtend({ digest: (digestField.documented ?? digestField.schema).optional() }),
    ),
  )
  .meta({
    id: 'Destination',
    description: 'One destination; `kind` chooses its keys (docs/destinations.md).',
  });

const fields = {
  destinations: field(z.record(z.string(), z.unknown()), 'a map from destination name to destination', {
    documented: z.record(z.string().regex(DESTINATION_NAME), documentedDestination),
  }),
} as const;

const HINT = 'See docs/destinations.md for the keys of each destination kind.';

function check(ctx: CheckContext, file: FileMap, draft: Draft): void {
  if (!('destinations' in file)) return;
  const destinations = asMap(file.destinations);
  draft.destinations = new Map();
  if (destinations === null) {
    ctx.report('bad-value-type', ['destinations'], {
      message: `\`destinations\` expects ${fields.destinations.expected}, found ${describeValue(file.destinations)}`,
    });
    return;
  }
  for (const [name, value] of Object.entries(destinations)) {
    const path = ['destinations', name];
    if (!DESTINATION_NAME.test(name)) {
      ctx.report('bad-name', path, {
        anchor: 'key',
        message: `destination name \`${name}\` expects lowercase letters, digits, - and _ (starting with a letter or digit)`,
        hint: `Rename it, for example to \`${name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}\`.`,
      });
    }
    draft.destinations.set(name, checkDestination(ctx, path, name, value));
  }
  checkFailureAlerts(ctx, draft.destinations);
}

function checkDestination(ctx: CheckContext, path: Path, name: string, raw: unknown): DestinationDraft {
  const entry = asMap(raw);
  if (entry === null) {
    ctx.report('bad-value-type', path, {
      message: `destination \`${name}\` expects a map with \`kind\` and its keys, found ${describeValue(raw)}`,
      hint: HINT,
    });
    return { config: null, kind: null, digest: null };
  }
  const { digest: rawDigest, ...rest } = entry;
  const kind = typeof rest.kind === 'string' && KIND_KEYS.has(rest.kind) ? rest.kind : null;
  const digest = 'digest' in entry ? checkDigest(ctx, [...path, 'digest'], rawDigest, kind) : null;
  const parsed = destinationConfigSchema.safeParse(rest);
  if (parsed.success) return { config: parsed.data, kind, digest };
  for (const issue of parsed.error.issues) reportIssue(ctx, path, name, rest, issue);
  return { config: null, kind, digest };
}

function checkDigest(
  ctx: CheckContext,
  path: Path,
  raw: unknown,
  kind: string | null,
): DestinationDraft['digest'] {
  if (kind !== null && !DIGEST_KINDS.includes(kind)) {
    ctx.report('digest-not-supported', path, {
      anchor: 'key',
      message: `a ${kind} destination sends alerts one by one; only ${DIGEST_KINDS.join(', ')} destinations send a digest`,
    });
    return null;
  }
  const value = checkValue(ctx, path, digestField, raw);
  if (!value.ok) return null;
  if (value.value === 'daily') return { at: null, timezone: null, days: null };
  const parsed = checkObject(ctx, path, value.value, DIGEST_FIELDS, '`digest`');
  if (parsed === null) return null;
  let timezone: string | null = null;
  if (parsed.timezone !== undefined) {
    timezone = canonicalTimeZone(parsed.timezone);
    if (timezone === null) {
      ctx.report('bad-time-zone', [...path, 'timezone'], {
        message: `\`timezone\` expects ${timezoneField.expected}, found ${describeValue(parsed.timezone)}`,
      });
    }
  }
  const days =
    parsed.on === undefined
      ? null
      : WEEKDAYS.flatMap((day, i) => (parsed.on?.includes(day) && isWeekday(i) ? [i] : []));
  return { at: parsed.at === undefined ? null : minutesOfDay(parsed.at), timezone, days };
}

function reportIssue(
  ctx: CheckContext,
  path: Path,
  name: string,
  entry: Readonly<Record<string, unknown>>,
  issue: z.core.$ZodIssue,
): void {
  const inner = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const what = `destination \`${name}\``;
  if (issue.code === 'unrecognized_keys') {
    const known =
      inner.length === 0 && typeof entry.kind === 'string' ? (KIND_KEYS.get(entry.kind) ?? []) : [];
    for (const key of issue.keys) {
      ctx.report('unknown-key', [...path, ...inner, key], {
        anchor: 'key',
        message: `unknown key \`${key}\` in ${inner.length === 0 ? what : describePath(inner)}${known.length > 0 ? `; expected one of: ${[...known, 'digest'].join(', ')}` : ''}`,
        hint: known.includes(`${key}_env`)
          ? `Secrets come from the environment: write \`${key}_env: SOME_VARIABLE\` and set SOME_VARIABLE to the value.`
          : didYouMean(key, known, HINT),
      });
    }
    return;
  }
  const found = valueAt(entry, inner);
  if (inner.length === 1 && inner[0] === 'kind') {
    if (found === undefined) {
      ctx.report('missing-key', path, {
        anchor: 'key',
        message: `${what} is missing \`kind\` (one of ${KINDS.join(', ')})`,
        hint: `Add \`kind:\` with one of ${KINDS.join(', ')}.`,
      });
      return;
    }
    const match = typeof found === 'string' ? closest(found, KINDS) : null;
    ctx.report('bad-value', [...path, 'kind'], {
      message: `\`kind\` expects one of ${KINDS.join(', ')}, found ${describeValue(found)}`,
      hint: match === null ? HINT : `Did you mean \`${match}\`?`,
    });
    return;
  }
  const key = inner[inner.length - 1];
  const label = typeof key === 'string' ? `\`${key}\`` : describePath(inner);
  if (found === undefined) {
    // An absent key: a required one, or one a cross-key rule asks for (user_env needs password_env).
    ctx.report('missing-key', [...path, ...inner.slice(0, -1)], {
      anchor: 'key',
      message:
        issue.code === 'invalid_type'
          ? `${what} (${String(entry.kind)}) is missing ${label}`
          : `${what} (${String(entry.kind)}): ${issue.message}`,
      hint: `Add ${label}. ${HINT}`,
    });
    return;
  }
  const secret = typeof key === 'string' && key.endsWith('_env');
  ctx.report(issue.code === 'invalid_type' ? 'bad-value-type' : 'bad-value', [...path, ...inner], {
    message: `${label} in ${what}: ${issue.message}${secret ? ' (the value is not shown: it may be a secret)' : `, found ${describeValue(found)}`}`,
    hint: secret
      ? 'Write the name of an environment variable that holds the secret, never the secret itself.'
      : HINT,
  });
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (asMap(current) !== null && typeof segment === 'string') current = asMap(current)?.[segment];
    else return undefined;
  }
  return current;
}

export const destinationsSection: Section = { fields, check };
