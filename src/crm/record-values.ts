/**
 * What Kindling writes onto a CRM record, computed from one scored entity: the documented property
 * schema (docs/crm.md), the values, and a hash of them that tells a push whether anything changed.
 * Nothing here depends on the clock, so an unchanged entity always hashes the same.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ScoredEntity } from './crm-state.ts';

export const VALUE_KEYS = [
  'score',
  'tier',
  'fit',
  'engagement',
  'hand_raiser',
  'reasons',
  'owner',
  'definition_version',
] as const;
export type ValueKey = (typeof VALUE_KEYS)[number];

export type ValueKind = 'number' | 'text' | 'boolean';

export interface PropertySpec {
  readonly key: ValueKey;
  readonly label: string;
  readonly kind: ValueKind;
  readonly description: string;
}

/** The schema of the properties (HubSpot) and custom fields (Salesforce) created on first run. */
export const PROPERTY_SPECS: readonly PropertySpec[] = [
  { key: 'score', label: 'Kindling PQL score', kind: 'number', description: 'The score, 0 to the cap.' },
  {
    key: 'tier',
    label: 'Kindling PQL tier',
    kind: 'text',
    description: 'The tier reached, empty below all.',
  },
  {
    key: 'fit',
    label: 'Kindling fit',
    kind: 'boolean',
    description: "Whether the definition's gates (the fit checks) all hold.",
  },
  {
    key: 'engagement',
    label: 'Kindling engagement points',
    kind: 'number',
    description: 'Points from signals before the recency multiplier (from the latest qualification).',
  },
  {
    key: 'hand_raiser',
    label: 'Kindling hand-raiser',
    kind: 'boolean',
    description: 'A hand-raiser signal (demo request, pricing contact, …) fired.',
  },
  {
    key: 'reasons',
    label: 'Kindling top reasons',
    kind: 'text',
    description: 'The signals that contributed most, in one line.',
  },
  { key: 'owner', label: 'Kindling owner', kind: 'text', description: 'The owner routing assigned.' },
  {
    key: 'definition_version',
    label: 'Kindling definition version',
    kind: 'text',
    description: 'The definition version that computed these values.',
  },
];

export type RecordValues = Readonly<Record<ValueKey, string | number | boolean | null>>;

const REASONS = 3;
const REASONS_CHARS = 250;

// The receipt is written by the real-time engine (score/explain); read loosely, so an older or
// newer receipt shape gives fewer figures rather than an error.
const receiptSchema = z.looseObject({
  pointsTotal: z.number().optional(),
  signals: z
    .array(
      z.looseObject({
        name: z.string(),
        label: z.string().nullable().optional(),
        holds: z.boolean(),
        contributed: z.number().optional(),
      }),
    )
    .optional(),
});

export function recordValues(entity: ScoredEntity): RecordValues {
  const receipt = parseReceipt(entity.receipt);
  const held = (receipt?.signals ?? [])
    .filter((s) => s.holds && (s.contributed ?? 0) > 0)
    .sort((a, b) => (b.contributed ?? 0) - (a.contributed ?? 0) || a.name.localeCompare(b.name))
    .slice(0, REASONS)
    .map((s) => s.label ?? s.name);
  return {
    score: Math.round(entity.score * 100) / 100,
    tier: entity.tier,
    fit: entity.gatesPass,
    engagement: receipt?.pointsTotal ?? null,
    hand_raiser: entity.handRaiser,
    reasons: held.length === 0 ? null : held.join('; ').slice(0, REASONS_CHARS),
    owner: entity.owner,
    definition_version: entity.definitionVersion,
  };
}

function parseReceipt(text: string | null) {
  if (text === null) return null;
  try {
    const parsed = receiptSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A stable hash of the values (keys in schema order). */
export function valuesHash(values: RecordValues): string {
  const ordered = VALUE_KEYS.map((key) => [key, values[key]]);
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex').slice(0, 32);
}

/** The values as one line, for `--dry-run`. */
export function describeValues(values: RecordValues): string {
  return VALUE_KEYS.filter((key) => values[key] !== null)
    .map((key) => `${key}=${String(values[key])}`)
    .join(' ');
}
