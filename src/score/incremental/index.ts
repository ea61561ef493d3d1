/**
 * The incremental evaluator: state per user key, group tag and signal, bounded by each signal's
 * window, fed one stored record at a time and scored like the reference evaluator (see README.md).
 */
export { type Fact, factsOf } from './facts.ts';
export { type EntityDescription, IncrementalScorer, type StateSize } from './incremental-scorer.ts';
