/**
 * `where` filters: every operator, missing and null values, type strictness (no conversion),
 * nested paths, and string order by code point.
 */
import {
  contains,
  data,
  day,
  def,
  ev,
  exists,
  gt,
  gte,
  isIn,
  lt,
  lte,
  ne,
  notIn,
  startsWith,
  track,
} from '../build.ts';
import type { Fixture } from '../fixture.ts';

const A = day(5);

/** Four `E` events with overlapping properties, plus an `Other` that no `E` filter may count. */
const mixedProperties = data({
  events: [
    track('u1', 'E', day(1), {
      plan: 'pro',
      seats: 5,
      tags: ['a'],
      nested: { tier: 'gold', n: 2 },
      flag: true,
      s: '1000',
    }),
    track('u1', 'E', day(2), { plan: 'Pro', seats: 12, nested: { tier: 'silver' }, flag: false, nul: null }),
    track('u1', 'E', day(3), { plan: null, seats: '20', nested: 'flat', flag: 'true' }),
    track('u1', 'E', day(4), {}),
    track('u1', 'Other', day(4), { plan: 'pro', seats: 5 }),
  ],
});

const count = (where: Parameters<typeof ev>[1]) => ev('E', where);

export const filterFixtures: Fixture[] = [
  {
    name: 'equality, membership and existence; a missing or null property matches only ne, not_in, exists false',
    definition: def({
      signals: {
        eqPro: count({ where: { plan: 'pro' } }),
        nePro: count({ where: { plan: ne('pro') } }),
        inPlans: count({ where: { plan: isIn(['pro', 'Pro', 'enterprise']) } }),
        notInPro: count({ where: { plan: notIn(['pro']) } }),
        tierExists: count({ where: { 'nested.tier': exists(true) } }),
        tierAbsent: count({ where: { 'nested.tier': exists(false) } }),
        nullAbsent: count({ where: { nul: exists(false) } }),
        nullEqualsNothing: count({ where: { nul: isIn(['null', 0, false]) } }),
      },
    }),
    dataset: mixedProperties,
    asOf: [A],
    expect: [
      {
        entityId: 'u1',
        asOf: A,
        signals: {
          eqPro: { holds: true, value: 1 },
          nePro: { holds: true, value: 3 },
          inPlans: { holds: true, value: 2 },
          notInPro: { holds: true, value: 3 },
          // `nested` is the string 'flat' in one event: a path through a non-object is missing.
          tierExists: { holds: true, value: 2 },
          tierAbsent: { holds: true, value: 2 },
          nullAbsent: { holds: true, value: 4 },
          nullEqualsNothing: { holds: false, value: 0 },
        },
      },
    ],
  },
  {
    name: 'no type conversion: "20" is not 20, "true" is not true, arrays are not scalars',
    definition: def({
      signals: {
        seatsGte10: count({ where: { seats: gte(10) } }),
        seatsLt10: count({ where: { seats: lt(10) } }),
        seatsGtText10: count({ where: { seats: gt('10') } }),
        seatsEq20: count({ where: { seats: 20 } }),
        seatsInMixed: count({ where: { seats: isIn([5, '20']) } }),
        seatsStartWith1: count({ where: { seats: startsWith('1') } }),
        flagTrue: count({ where: { flag: true } }),
        flagNeTrue: count({ where: { flag: ne(true) } }),
        tagsNeA: count({ where: { tags: ne('a') } }),
        tagsEqA: count({ where: { tags: 'a' } }),
        textContains00: count({ where: { s: contains('00') } }),
        textGte999: count({ where: { s: gte(999) } }),
      },
    }),
    dataset: mixedProperties,
    asOf: [A],
    expect: [
      {
        entityId: 'u1',
        asOf: A,
        signals: {
          seatsGte10: { holds: true, value: 1 },
          seatsLt10: { holds: true, value: 1 },
          seatsGtText10: { holds: true, value: 1 },
          seatsEq20: { holds: false, value: 0 },
          seatsInMixed: { holds: true, value: 2 },
          seatsStartWith1: { holds: false, value: 0 },
          flagTrue: { holds: true, value: 1 },
          flagNeTrue: { holds: true, value: 3 },
          tagsNeA: { holds: true, value: 4 },
          tagsEqA: { holds: false, value: 0 },
          textContains00: { holds: true, value: 1 },
          textGte999: { holds: false, value: 0 },
        },
      },
    ],
  },
  {
    name: 'nested paths, case-sensitive prefixes, several keys all required',
    definition: def({
      signals: {
        tierG: count({ where: { 'nested.tier': startsWith('g') } }),
        tierCapitalG: count({ where: { 'nested.tier': startsWith('G') } }),
        nLte2: count({ where: { 'nested.n': lte(2) } }),
        proWith5: count({ where: { plan: 'pro', seats: gte(5) } }),
        proWith6: count({ where: { plan: 'pro', seats: gte(6) } }),
        proTwice: count({ where: { plan: 'pro' }, atLeast: 2 }),
      },
    }),
    dataset: mixedProperties,
    asOf: [A],
    expect: [
      {
        entityId: 'u1',
        asOf: A,
        signals: {
          tierG: { holds: true, value: 1 },
          tierCapitalG: { holds: false, value: 0 },
          nLte2: { holds: true, value: 1 },
          proWith5: { holds: true, value: 1 },
          proWith6: { holds: false, value: 0 },
          // The `Other` event has plan 'pro' too, but is not an `E`.
          proTwice: { holds: false, value: 1 },
        },
      },
    ],
  },
  {
    name: 'strings order by code point (binary), not by locale or UTF-16 unit',
    definition: def({
      signals: {
        aboveZ: count({ where: { v: gt('z') } }),
        aboveFFFD: count({ where: { v: gt('\uFFFD') } }),
        belowA: count({ where: { v: lt('a') } }),
        fullwidthOrMore: count({ where: { v: gte('ｚ') } }),
        aboveQ: count({ where: { v: gt('Q') } }),
      },
    }),
    dataset: data({
      events: ['a', 'Z', 'é', '😀', 'ｚ', 'Pro'].map((v, i) => track('u1', 'E', day(1) + i, { v })),
    }),
    asOf: [A],
    expect: [
      {
        entityId: 'u1',
        asOf: A,
        signals: {
          aboveZ: { holds: true, value: 3 },
          aboveFFFD: { holds: true, value: 1 },
          belowA: { holds: true, value: 2 },
          fullwidthOrMore: { holds: true, value: 2 },
          // Upper case sorts before lower case: 'Pro' < 'Q' < 'Z' < 'a'.
          aboveQ: { holds: true, value: 5 },
        },
      },
    ],
  },
];
