/**
 * Equality of engine results with the reference: exact on every field, except that sums (the only
 * non-integer values) may differ by 1e-9 relative, since engines add doubles in their own order.
 */
import { expect } from 'vitest';
import type { EntityScore, SignalOutcome } from '../../../src/score/entity-score.ts';

const RELATIVE_TOLERANCE = 1e-9;

export function expectSameScores(
  actual: readonly EntityScore[],
  expected: readonly EntityScore[],
  label: string,
): void {
  const aligned = actual.map((score, index) => alignSums(score, expected[index]));
  expect(aligned, label).toStrictEqual(expected);
}

/** Replaces a near-equal non-integer signal value by the expected one, so toStrictEqual can compare. */
function alignSums(actual: EntityScore, expected: EntityScore | undefined): EntityScore {
  if (expected === undefined || expected.entityId !== actual.entityId) return actual;
  const signals: Record<string, SignalOutcome> = {};
  for (const [name, outcome] of Object.entries(actual.signals)) {
    const wanted = expected.signals[name]?.value;
    const value = outcome.value;
    const close =
      typeof value === 'number' &&
      typeof wanted === 'number' &&
      !Number.isInteger(wanted) &&
      Math.abs(value - wanted) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(wanted));
    signals[name] = close ? { holds: outcome.holds, value: wanted } : outcome;
  }
  return { ...actual, signals };
}
