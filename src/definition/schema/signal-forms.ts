/**
 * The forms a signal can take (DEFINITION-LANGUAGE.md, "Signals"), each a field table. A signal's
 * form is chosen by the keys it has (`event`/`distinct`/`sum`, `trait`, `last_seen`, …); the
 * validator then checks it against that one table, which gives precise messages where a schema
 * union would only say "no option matched".
 */
import { z } from 'zod';
import { COMPARISON_FIELDS, operatorObjectSchema } from './comparisons.ts';
import { field, fieldsSchema, scalar } from './fields.ts';
import { DISTINCT_TARGET, DURATION, PROPERTY_PATH, SIGNAL_NAME, SUM_TARGET } from './patterns.ts';

export const durationField = field(
  z.string().regex(DURATION),
  'a duration such as 14d (a whole number followed by m, h, d or w)',
  { code: 'bad-duration' },
);

const label = field(z.string(), 'a short label shown in explanations and alerts');
const bound = (word: string) => field(z.number(), `a number: the ${word} the value may be (inclusive)`);

const item = field(
  z.union([z.string(), z.record(z.string(), z.unknown())]),
  'a signal name or an inline signal',
  { documented: z.lazy(() => z.union([z.string().regex(SIGNAL_NAME), signalSchema])) },
);
const items = field(z.array(item.schema).min(1), 'a non-empty list of signal names or inline signals', {
  required: true,
  documented: z.array(z.lazy(() => z.union([z.string().regex(SIGNAL_NAME), signalSchema]))).min(1),
});

const AGGREGATE_FIELDS = {
  label,
  event: field(z.string().min(1), 'an event name, or "*" for every counted event'),
  distinct: field(z.string().regex(DISTINCT_TARGET), 'user, day or properties.P', {
    code: 'bad-aggregation',
  }),
  sum: field(z.string().regex(SUM_TARGET), 'properties.P, a numeric property', { code: 'bad-aggregation' }),
  where: field(z.record(z.string(), z.unknown()), 'a map from property path to a value or one comparison', {
    documented: z.record(z.string().regex(PROPERTY_PATH), z.union([scalar, operatorObjectSchema])),
  }),
  within: durationField,
  at_least: bound('least'),
  at_most: bound('most'),
} as const;

export const SIGNAL_FORMS = {
  aggregate: AGGREGATE_FIELDS,
  trait: {
    label,
    trait: field(z.string().min(1), 'a trait name', { required: true }),
    ...COMPARISON_FIELDS,
  },
  last_seen: { label, last_seen: { ...durationField, required: true } },
  first_seen: { label, first_seen: { ...durationField, required: true } },
  all: { label, all: items },
  any: { label, any: items },
  not: { label, not: { ...item, required: true } },
  count_of: { label, of: items, at_least: bound('least'), at_most: bound('most') },
} as const;

export type SignalForm = keyof typeof SIGNAL_FORMS;

/** The keys that decide a signal's form. */
export const FORM_KEYS: Readonly<Record<string, SignalForm>> = {
  event: 'aggregate',
  distinct: 'aggregate',
  sum: 'aggregate',
  trait: 'trait',
  last_seen: 'last_seen',
  first_seen: 'first_seen',
  all: 'all',
  any: 'any',
  not: 'not',
  of: 'count_of',
};

/** A signal in the JSON Schema: any one of the forms. */
export const signalSchema: z.ZodType = z
  .union(Object.values(SIGNAL_FORMS).map((fields) => fieldsSchema(fields)))
  .meta({ id: 'Signal', description: 'A named condition; its keys choose its form.' });
