import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DAY, data, day, def, ev, gte, track, trait, userTrait } from '../../../test/conformance/build.ts';
import { scoreAll, scoreEntity } from './evaluate.ts';
import { applyPercent } from './score.ts';

const A = day(10);
const definition = def({
  signals: { active: ev(null), big: trait('size', gte(100)) },
  gates: { fit: 'big' },
  points: { active: 30, big: 10 },
  recency: [
    ['7d', 100],
    [null, 50],
  ],
});
const dataset = data({
  events: [track('u1', 'Login', A - 8 * DAY), track('u2', 'Login', A - DAY)],
  traits: [userTrait('u2', 'size', 500, null), userTrait('u3', 'size', 500, null)],
});

describe('scoreAll / scoreEntity', () => {
  test('a gated-out entity still reports its points, multiplier and last event', () => {
    expect(scoreEntity(definition, dataset, 'u1', A)).toMatchObject({
      score: 0,
      gates: { fit: false },
      pointsTotal: 30,
      multiplierPercent: 50,
      lastEventAt: A - 8 * DAY,
    });
  });

  test('an entity without events takes the otherwise row and has no last event', () => {
    expect(scoreEntity(definition, dataset, 'u3', A)).toMatchObject({
      score: 5,
      pointsTotal: 10,
      multiplierPercent: 50,
      lastEventAt: null,
    });
  });

  test('lists every existing entity once, in id order, and nothing for unknown ids', () => {
    expect(scoreAll(definition, dataset, A).map((score) => [score.entityId, score.score])).toEqual([
      ['u1', 0],
      ['u2', 40],
      ['u3', 5],
    ]);
    expect(scoreEntity(definition, dataset, 'u9', A)).toBeNull();
  });

  test('a gate may be named like an object property (`__proto__`, `constructor`)', () => {
    const odd = def({
      signals: { active: ev(null), big: trait('size', gte(100)) },
      gates: { ['__proto__']: 'big', constructor: 'active' },
      points: { active: 30, big: 10 },
    });
    const u1 = scoreEntity(odd, dataset, 'u1', A);
    expect(Object.getPrototypeOf(u1?.gates)).toBe(Object.prototype);
    expect(Object.keys(u1?.gates ?? {})).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(u1?.gates)).toBe('{"__proto__":false,"constructor":true}');
    expect(u1?.score).toBe(0);
    expect(scoreEntity(odd, dataset, 'u2', A)?.score).toBe(40);
  });
});

describe('applyPercent', () => {
  test('is round-half-up of points × percent / 100, exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (points, percent) => {
          const exact = BigInt(points) * BigInt(percent) + 50n;
          // BigInt division truncates toward zero; adjust to floor for negatives.
          const floor = exact / 100n - (exact % 100n < 0n ? 1n : 0n);
          expect(applyPercent(points, percent)).toBe(Number(floor));
        },
      ),
    );
  });
});
