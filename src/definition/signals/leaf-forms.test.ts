import { describe, expect, it } from 'vitest';
import type { Signal } from '../ir.ts';
import { load, only, places } from '../testing.ts';

function signal(body: string, name = 's'): Signal | undefined {
  const result = load(body);
  expect(result.problems).toEqual([]);
  return result.ir?.signals.find((s) => s.name === name);
}

describe('aggregate signals', () => {
  it('counts one event in a window, at least once by default', () => {
    expect(signal('signals:\n  s: { event: Signed Up, within: 14d }\n')).toEqual({
      kind: 'aggregate',
      name: 's',
      label: null,
      inline: false,
      event: 'Signed Up',
      where: [],
      withinMs: 14 * 86_400_000,
      aggregation: { kind: 'count' },
      bounds: { atLeast: 1, atMost: null },
    });
  });

  it('turns every duration unit into milliseconds; no window means all history', () => {
    const windows = ['30m', '12h', '2d', '3w'].map(
      (d) => (signal(`signals:\n  s: { event: E, within: ${d} }\n`) as { withinMs: number }).withinMs,
    );
    expect(windows).toEqual([1_800_000, 43_200_000, 172_800_000, 1_814_400_000]);
    expect(signal('signals:\n  s: { event: E }\n')).toMatchObject({ withinMs: null });
  });

  it('reads "*" and an omitted event as every counted event', () => {
    expect(signal('signals:\n  s: { event: "*" }\n')).toMatchObject({ event: null });
    expect(signal('signals:\n  s: { distinct: day }\n')).toMatchObject({ event: null });
    expect(signal('signals:\n  s: { sum: properties.rows }\n')).toMatchObject({ event: null });
  });

  it('maps distinct and sum targets to aggregations', () => {
    const agg = (spec: string) =>
      (signal(`signals:\n  s: { event: E, ${spec} }\n`) as { aggregation: unknown }).aggregation;
    expect(agg('distinct: user')).toEqual({ kind: 'distinct_users' });
    expect(agg('distinct: day')).toEqual({ kind: 'distinct_days' });
    expect(agg('distinct: properties.plan.tier')).toEqual({
      kind: 'distinct_property',
      path: ['plan', 'tier'],
    });
    expect(agg('sum: properties.rows')).toEqual({ kind: 'sum', path: ['rows'] });
  });

  it('rejects an aggregation target that is not user, day or properties.P', () => {
    const result = load('signals:\n  s:\n    event: E\n    distinct: users\n');
    expect(places(result)).toEqual(['bad-aggregation@7:15']);
    expect(places(load('signals:\n  s: { sum: rows }\n'))).toEqual(['bad-aggregation@5:13']);
  });

  it('rejects bad durations with what was found', () => {
    for (const bad of ['14x', '0d', '1.5h', '14', 'd']) {
      const problem = only(load(`signals:\n  s: { event: E, within: "${bad}" }\n`), 'bad-duration');
      expect(problem.message).toContain(`found string "${bad}"`);
    }
    expect(only(load('signals:\n  s: { event: E, within: 14 }\n'), 'bad-duration').message).toContain(
      'found number 14',
    );
    expect(
      only(load('signals:\n  s: { last_seen: 99999999999999999w }\n'), 'bad-duration').message,
    ).toContain('too long');
  });

  it('keeps the label', () => {
    expect(signal('signals:\n  s: { label: Signed up, event: E }\n')).toMatchObject({ label: 'Signed up' });
  });
});

describe('trait signals', () => {
  it('holds one comparison', () => {
    expect(signal('signals:\n  s: { trait: company_size, gte: 100 }\n')).toEqual({
      kind: 'trait',
      name: 's',
      label: null,
      inline: false,
      trait: 'company_size',
      comparison: { op: 'gte', value: 100 },
    });
    expect(signal('signals:\n  s: { trait: plan, eq: enterprise }\n')).toMatchObject({
      comparison: { op: 'eq', value: 'enterprise' },
    });
    expect(signal('signals:\n  s: { trait: email, exists: false }\n')).toMatchObject({
      comparison: { op: 'exists', value: false },
    });
  });

  it('needs exactly one comparison', () => {
    expect(places(load('signals:\n  s: { trait: plan }\n'))).toEqual(['missing-key@5:3']);
    expect(places(load('signals:\n  s:\n    trait: size\n    gte: 1\n    lte: 5\n'))).toEqual([
      'comparison-mismatch@8:5',
    ]);
  });

  it('checks the comparison value against its operator', () => {
    const result = load('signals:\n  s:\n    trait: name\n    contains: 5\n');
    expect(places(result)).toEqual(['comparison-mismatch@7:15']);
    expect(result.problems[0]?.message).toBe(
      '`contains` expects a string to find inside the value, found number 5',
    );
    expect(places(load('signals:\n  s: { trait: x, exists: "yes" }\n'))).toEqual([
      'comparison-mismatch@5:26',
    ]);
    expect(places(load('signals:\n  s: { trait: x, in: gmail.com }\n'))).toEqual([
      'comparison-mismatch@5:22',
    ]);
  });
});

describe('last_seen and first_seen', () => {
  it('take a window', () => {
    expect(signal('signals:\n  s: { last_seen: 7d }\n')).toEqual({
      kind: 'last_seen',
      name: 's',
      label: null,
      inline: false,
      windowMs: 7 * 86_400_000,
    });
    expect(signal('signals:\n  s: { first_seen: 1w }\n')).toMatchObject({
      kind: 'first_seen',
      windowMs: 604_800_000,
    });
  });

  it('take no filters or windows of events', () => {
    expect(places(load('signals:\n  s: { last_seen: 7d, within: 7d }\n'))).toEqual(['unknown-key@5:23']);
  });
});
