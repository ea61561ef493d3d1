/**
 * fast-check arbitraries for the property-based conformance test: small random definitions that
 * stay inside the IR's rules (signals in dependency order, references resolve, tiers ascending)
 * and small random datasets over a handful of users, anonymous ids and accounts.
 */
import fc from 'fast-check';
import type { Comparison, DefinitionIR, PropertyFilter, Scalar, Signal } from '../../../src/definition/ir.ts';
import type { JsonObject, JsonValue } from '../../../src/lib/json.ts';
import type { Dataset, EvaluationOptions, StoredEvent, TraitRecord } from '../../../src/model/dataset.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const START = Date.UTC(2024, 0, 1);

const at = (maxHours: number) => fc.integer({ min: 0, max: maxHours }).map((hours) => START + hours * HOUR);
const scalar: fc.Arbitrary<Scalar> = fc.constantFrom('free', 'pro', 'Pro', '1', 1, 7, 0, 2.5, true, false);
const propertyValue: fc.Arbitrary<JsonValue> = fc.oneof(
  scalar,
  fc.integer({ min: -5, max: 20 }),
  fc.constantFrom(0.5, 2.25, -1.5),
  fc.constant(null),
  fc.constant<JsonValue>(['x']),
  fc.constant<JsonValue>({ k: 'x' }),
);
const paths: readonly (readonly string[])[] = [['plan'], ['n'], ['nested', 'k']];

const comparison: fc.Arbitrary<Comparison> = fc.oneof(
  fc.record({ op: fc.constantFrom('eq' as const, 'ne' as const), value: scalar }),
  fc.record({
    op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const),
    value: fc.oneof(fc.integer({ min: -2, max: 10 }), fc.constantFrom('a', 'pro', 'Pro', 'x')),
  }),
  fc.record({
    op: fc.constantFrom('contains' as const, 'starts_with' as const),
    value: fc.constantFrom('r', 'fr', 'P', ''),
  }),
  fc.record({
    op: fc.constantFrom('in' as const, 'not_in' as const),
    values: fc.array(scalar, { maxLength: 3 }),
  }),
  fc.record({ op: fc.constant('exists' as const), value: fc.boolean() }),
);

const filter: fc.Arbitrary<PropertyFilter> = fc.record({ path: fc.constantFrom(...paths), comparison });
const bounds = fc.record({
  atLeast: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  atMost: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
});
const window = fc.option(
  fc.oneof(
    fc.integer({ min: 1, max: 20 }).map((d) => d * DAY),
    fc.integer({ min: 1, max: 48 }).map((h) => h * HOUR),
  ),
  { nil: null },
);

type Bounds = { readonly atLeast: number | null; readonly atMost: number | null };
/** A combinator whose items are indices of earlier signals, named once the list is complete. */
type RawCombinator =
  | { readonly kind: 'all' | 'any'; readonly items: readonly number[] }
  | { readonly kind: 'not'; readonly item: number }
  | { readonly kind: 'count_of'; readonly items: readonly number[]; readonly bounds: Bounds };
const base = { label: null, inline: false } as const;

const leaf: fc.Arbitrary<Signal> = fc.oneof(
  fc
    .record({
      event: fc.constantFrom(null, 'A', 'B', '$page'),
      where: fc.array(filter, { maxLength: 2 }),
      withinMs: window,
      aggregation: fc.constantFrom(
        { kind: 'count' as const },
        { kind: 'distinct_users' as const },
        { kind: 'distinct_days' as const },
        { kind: 'distinct_property' as const, path: ['plan'] },
        { kind: 'sum' as const, path: ['n'] },
      ),
      bounds,
    })
    .map((s) => ({ ...base, kind: 'aggregate' as const, name: '', ...s })),
  fc
    .record({ trait: fc.constantFrom('size', 'plan', 'email'), comparison })
    .map((s) => ({ ...base, kind: 'trait' as const, name: '', ...s })),
  fc
    .record({
      kind: fc.constantFrom('last_seen' as const, 'first_seen' as const),
      windowMs: fc.integer({ min: 1, max: 20 }).map((d) => d * DAY),
    })
    .map((s) => ({ ...base, name: '', ...s })),
);

/** A combinator over earlier signals, given how many exist. */
const combinator = (count: number): fc.Arbitrary<RawCombinator> => {
  const index = fc.integer({ min: 0, max: count - 1 });
  return fc.oneof(
    fc.record({
      kind: fc.constantFrom('all' as const, 'any' as const),
      items: fc.array(index, { maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant('not' as const), item: index }),
    fc.record({
      kind: fc.constant('count_of' as const),
      items: fc.array(index, { minLength: 1, maxLength: 4 }),
      bounds,
    }),
  );
};

/** Names with dots, like hoisted inline signals. */
const nameOf = (index: number): string => (index % 3 === 2 ? `sig.${index}.inline` : `s${index}`);

function resolve(raw: RawCombinator, name: string): Signal {
  switch (raw.kind) {
    case 'all':
    case 'any':
      return { ...base, name, kind: raw.kind, items: raw.items.map(nameOf) };
    case 'count_of':
      return { ...base, name, kind: raw.kind, items: raw.items.map(nameOf), bounds: raw.bounds };
    case 'not':
      return { ...base, name, kind: raw.kind, item: nameOf(raw.item) };
  }
}

export const definition: fc.Arbitrary<DefinitionIR> = fc
  .tuple(fc.array(leaf, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 3 }))
  .chain(([leaves, combinators]) => {
    const steps = Array.from({ length: combinators }, (_, i) => combinator(leaves.length + i));
    return fc.tuple(fc.constant(leaves), fc.tuple(...steps));
  })
  .map(([leaves, combos]): Signal[] => [
    ...leaves.map((leaf, index) => ({ ...leaf, name: nameOf(index) })),
    ...combos.map((raw, index) => resolve(raw, nameOf(leaves.length + index))),
  ])
  .chain((signals) => {
    const names = signals.map((s) => s.name);
    const pick = fc.constantFrom(...names);
    return fc
      .record({
        entity: fc.constantFrom('user' as const, 'account' as const),
        gates: fc
          .uniqueArray(pick, { maxLength: 2 })
          .map((ss) => ss.map((signal, i) => ({ name: `gate ${i}`, signal }))),
        points: fc
          .uniqueArray(pick, { maxLength: names.length })
          .chain((ss) =>
            fc.tuple(
              ...ss.map((signal) => fc.integer({ min: -30, max: 40 }).map((points) => ({ signal, points }))),
            ),
          ),
        cap: fc.integer({ min: 10, max: 100 }),
        recency: fc
          .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 3 }), fc.boolean())
          .chain(([days, otherwise]) =>
            fc.tuple(
              ...[...days.sort((a, b) => a - b), ...(otherwise ? [null] : [])].map((d) =>
                fc
                  .integer({ min: 0, max: 200 })
                  .map((percent) => ({ withinMs: d === null ? null : d * DAY, percent })),
              ),
            ),
          ),
        handRaisers: fc.uniqueArray(pick, { maxLength: 2 }),
        tiers: fc
          .uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 3 })
          .map((mins) => [...mins].sort((a, b) => a - b).map((min, i) => ({ name: `tier ${i}`, min }))),
      })
      .map((rest): DefinitionIR => ({ kindling: 1, name: 'random', description: null, signals, ...rest }));
  });

const who = fc.constantFrom(
  { userId: 'u1', anonymousId: null },
  { userId: 'u2', anonymousId: 'a1' },
  { userId: 'u3', anonymousId: null },
  { userId: null, anonymousId: 'a1' },
  { userId: null, anonymousId: 'a2' },
);

const properties: fc.Arbitrary<JsonObject> = fc.record(
  { plan: propertyValue, n: propertyValue, nested: fc.oneof(propertyValue, fc.record({ k: propertyValue })) },
  { requiredKeys: [] },
);

const event = fc
  .record({
    kind: fc.constantFrom('A', 'B', '$page', 'identify', 'group'),
    who,
    groupId: fc.constantFrom(null, null, 'g1', 'g2'),
    timestamp: at(30 * 24),
    properties,
  })
  .map(
    ({ kind, who: keys, ...rest }): Omit<StoredEvent, 'messageId'> => ({
      type: kind === '$page' ? 'page' : kind === 'identify' || kind === 'group' ? kind : 'track',
      event: kind === 'identify' || kind === 'group' ? null : kind,
      ...keys,
      ...rest,
    }),
  );

const traitValue: fc.Arbitrary<JsonValue> = fc.oneof(
  scalar,
  fc.integer({ min: 0, max: 500 }),
  fc.constant(null),
  fc.constantFrom('a@corp.io', 'b@gmail.com', 'c@Corp.IO', 'no-at', 'd@'),
  fc.constant<JsonValue>(['x', 1]),
  fc.constant<JsonValue>({ k: 'v' }),
);

const trait = fc.record({
  entityType: fc.constantFrom('user' as const, 'account' as const),
  entityId: fc.constantFrom('u1', 'u2', 'a1', 'a2', 'g1', 'g3'),
  key: fc.constantFrom('size', 'plan', 'email'),
  value: traitValue,
  timestamp: fc.option(at(30 * 24), { nil: null }),
});

export const dataset: fc.Arbitrary<Dataset> = fc
  .record({
    events: fc.array(event, { maxLength: 25 }),
    links: fc.array(
      fc.record({
        fromId: fc.constantFrom('a1', 'a2', 'u3'),
        userId: fc.constantFrom('u1', 'u2', 'u3'),
        timestamp: at(30 * 24),
      }),
      { maxLength: 3 },
    ),
    memberships: fc.array(
      fc.record({
        userKey: fc.constantFrom('u1', 'u2', 'a1', 'a2'),
        groupId: fc.constantFrom('g1', 'g2'),
        timestamp: at(30 * 24),
      }),
      { maxLength: 3 },
    ),
    traits: fc.array(trait, { maxLength: 8 }),
  })
  .map((d) => ({
    events: d.events.map((e, i) => ({ messageId: `m${i}`, ...e })),
    links: d.links,
    memberships: d.memberships,
    traits: d.traits.map((t, i): TraitRecord => ({ ...t, seq: i + 1 })),
  }));

export const asOf = at(32 * 24);
export const options: fc.Arbitrary<EvaluationOptions> = fc.record({ domainAccounts: fc.boolean() });
