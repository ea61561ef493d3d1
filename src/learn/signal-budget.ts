/**
 * How many signals a fit may keep when the caller does not say: about one per ten rows of the
 * rarer class in training (the "events per variable" rule of thumb for logistic regression,
 * Peduzzi et al., J. Clin. Epidemiol. 1996), at least 1 and at most 12 — a definition a RevOps
 * person reads in one look. With few converters — or few non-converters — a long list of small
 * points would be fitted noise; the rule keeps small data sets to the few signals they can support.
 * What the readable cap costs is measured (the report's `budgetCost`): the same fit allowed what the
 * rows support, up to 30.
 */
export const ROWS_PER_SIGNAL = 10;
export const MAX_SIGNALS = 12;
export const WIDEST_BUDGET = 30;

export interface SignalBudget {
  readonly maxSignals: number;
  /** `given` by the caller, or from the `rows` of the rarer class. */
  readonly rule: 'given' | 'rows';
  /** Training rows of the rarer class (converters or non-converters). */
  readonly rarerClassRows: number;
  /** What the rows alone support (one per ten rows of the rarer class, 1 to 30). */
  readonly fromRows: number;
}

export function signalBudget(labels: Uint8Array, given: number | undefined): SignalBudget {
  let ones = 0;
  for (let i = 0; i < labels.length; i++) ones += labels[i] === 1 ? 1 : 0;
  const rarerClassRows = Math.min(ones, labels.length - ones);
  const fromRows = Math.max(1, Math.min(WIDEST_BUDGET, Math.floor(rarerClassRows / ROWS_PER_SIGNAL)));
  if (given !== undefined) return { maxSignals: given, rule: 'given', rarerClassRows, fromRows };
  return { maxSignals: Math.min(MAX_SIGNALS, fromRows), rule: 'rows', rarerClassRows, fromRows };
}
