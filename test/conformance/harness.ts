/**
 * Registers the conformance tests of one feature. The reference evaluator is checked against the
 * hand-written `expect` entries; every engine in `engines` must then return exactly the
 * reference's scores for every fixture and `asOf`. Adding an engine is one entry in that list.
 */
import { describe, expect, test } from 'vitest';
import type { EntityScore } from '../../src/score/entity-score.ts';
import { compareCodePoints } from '../../src/score/reference/code-point-order.ts';
import { scoreAll, scoreEntity } from '../../src/score/reference/index.ts';
import { incrementalScores } from './engines/incremental.ts';
import type { ExpectedEntity, Fixture } from './fixture.ts';

export interface Engine {
  readonly name: string;
  scoreAll(fixture: Fixture, asOf: number): Promise<readonly EntityScore[]>;
}

const referenceScores = (fixture: Fixture, asOf: number): EntityScore[] =>
  scoreAll(fixture.definition, fixture.dataset, asOf, fixture.options);

/**
 * The engines compared with the reference. The first one runs the reference on a JSON copy of
 * the fixture, proving the IR and dataset survive serialisation and nothing depends on identity.
 */
export const engines: readonly Engine[] = [
  {
    name: 'reference over JSON',
    scoreAll: async (fixture, asOf) => {
      const copy: Fixture = JSON.parse(JSON.stringify(fixture));
      return referenceScores(copy, asOf);
    },
  },
  ...(['time', 'shuffled'] as const).map(
    (order): Engine => ({
      name: `incremental (${order === 'time' ? 'in time order' : 'shuffled, some late'})`,
      scoreAll: async (fixture, asOf) => incrementalScores(fixture, asOf, order),
    }),
  ),
];

export function runFeature(name: string, fixtures: readonly Fixture[]): void {
  describe(name, () => {
    for (const fixture of fixtures) {
      describe(fixture.name, () => {
        test('every expectation is at one of the fixture times', () => {
          const strays = fixture.expect.filter((entry) => !fixture.asOf.includes(entry.asOf));
          expect(strays).toEqual([]);
        });
        for (const asOf of fixture.asOf) registerTime(fixture, asOf);
      });
    }
  });
}

function registerTime(fixture: Fixture, asOf: number): void {
  const at = new Date(asOf).toISOString();
  test(`reference as of ${at}`, () => {
    const scores = referenceScores(fixture, asOf);
    const ids = scores.map((score) => score.entityId);
    expect(ids).toEqual([...new Set(ids)].sort(compareCodePoints));
    for (const entry of fixture.expect.filter((candidate) => candidate.asOf === asOf)) {
      const found = scores.find((score) => score.entityId === entry.entityId);
      if (entry.present === false) {
        expect(found, `${entry.entityId} should not exist`).toBeUndefined();
        continue;
      }
      expect(found, `${entry.entityId} should exist`).toBeDefined();
      if (found !== undefined) expect(project(found, entry), entry.entityId).toEqual(entry);
    }
    for (const score of scores) {
      const one = scoreEntity(fixture.definition, fixture.dataset, score.entityId, asOf, fixture.options);
      expect(one).toEqual(score);
    }
  });
  for (const engine of engines) {
    test(`${engine.name} as of ${at} equals the reference`, async () => {
      expect(await engine.scoreAll(fixture, asOf)).toStrictEqual(referenceScores(fixture, asOf));
    });
  }
}

/** The actual score, cut down to exactly the fields the expectation names. */
function project(actual: EntityScore, expected: ExpectedEntity): Record<string, unknown> {
  const picked: Record<string, unknown> = { entityId: actual.entityId, asOf: actual.asOf };
  for (const key of ['score', 'tier', 'handRaiser', 'gates'] as const) {
    if (key in expected) picked[key] = actual[key];
  }
  if (expected.present !== undefined) picked.present = true;
  if (expected.signals !== undefined) {
    const signals: Record<string, { holds: boolean; value?: unknown } | undefined> = {};
    for (const [name, wanted] of Object.entries(expected.signals)) {
      const outcome = actual.signals[name];
      signals[name] =
        outcome === undefined
          ? undefined
          : 'value' in wanted
            ? { holds: outcome.holds, value: outcome.value }
            : { holds: outcome.holds };
    }
    picked.signals = signals;
  }
  return picked;
}
