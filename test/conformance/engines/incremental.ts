/**
 * The incremental evaluator as a conformance engine: a fresh scorer per call, fed the fixture's
 * records one by one, then asked as of the fixture time. Two arrival orders:
 * - `time`: in time order, asking (and compacting) at every record's time on the way, so windows
 *   slide and expire entry by entry before the final answer;
 * - `shuffled`: a seeded shuffle, half of it fed, asked at a time in the middle, then the rest fed
 *   (late records among them, dated before that time) and asked again.
 * Records dated after the time asked are fed too: they must wait and not count.
 */

import type { DefinitionIR } from '../../../src/definition/ir.ts';
import type { Dataset, EvaluationOptions } from '../../../src/model/dataset.ts';
import type { EntityScore } from '../../../src/score/entity-score.ts';
import { factTime } from '../../../src/score/incremental/facts.ts';
import { type Fact, factsOf, IncrementalScorer } from '../../../src/score/incremental/index.ts';

export type ArrivalOrder = 'time' | 'shuffled';

export interface IncrementalCase {
  readonly definition: DefinitionIR;
  readonly dataset: Dataset;
  readonly options?: EvaluationOptions | undefined;
}

export function incrementalScores(input: IncrementalCase, asOf: number, order: ArrivalOrder): EntityScore[] {
  const scorer = new IncrementalScorer(input.definition, input.options);
  const facts = factsOf(input.dataset);
  if (order === 'time') {
    facts.sort((a, b) => factTime(a) - factTime(b));
    for (const fact of facts) {
      const time = factTime(fact);
      if (time <= asOf && Number.isFinite(time)) {
        scorer.scoreAll(time);
        scorer.compact();
      }
      scorer.add(fact);
    }
    return scorer.scoreAll(asOf);
  }
  const shuffled = shuffle(facts, seedOf(JSON.stringify(input.definition.name) + asOf));
  const half = Math.ceil(shuffled.length / 2);
  for (const fact of shuffled.slice(0, half)) scorer.add(fact);
  scorer.scoreAll(middleTime(facts, asOf));
  for (const fact of shuffled.slice(half)) scorer.add(fact);
  return scorer.scoreAll(asOf);
}

/** A time at or before `asOf` with records on both sides, so that some arrive late. */
function middleTime(facts: readonly Fact[], asOf: number): number {
  const times = facts
    .map(factTime)
    .filter((time) => Number.isFinite(time) && time <= asOf)
    .sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? asOf;
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function seedOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
