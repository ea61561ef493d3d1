import { describe, expect, it } from 'vitest';
import { load } from '../testing.ts';
import { canonicalJson, definitionVersion } from './version.ts';

const base = `
  signals:
    a: { label: A, event: A, within: 14d, at_least: 2 }
    b: { trait: size, gte: 100 }
    both: { all: [a, b] }
  points:
    a: 10
    b: 5
  tiers:
    cold: 0
    hot: 50
`;

function version(body: string): string {
  const { ir, problems } = load(body);
  expect(problems).toEqual([]);
  if (ir === null) throw new Error('expected a valid definition');
  return definitionVersion(ir);
}

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});

describe('definitionVersion', () => {
  it('is 12 hex digits, the same for the same definition', () => {
    expect(version(base)).toMatch(/^[0-9a-f]{12}$/);
    expect(version(base)).toBe(version(base));
  });

  it('ignores comments, key order and equivalent spellings', () => {
    const reordered = `
      # a comment changes nothing
      tiers: { cold: 0, hot: 50 }
      points: { b: 5, a: 10 }
      signals:
        both: { all: [a, b] }
        b: { gte: 100, trait: size }
        a: { at_least: 2, within: 2w, event: A, label: A }
    `;
    expect(version(reordered)).toBe(version(base));
  });

  it('changes with any change of meaning', () => {
    const variants = [
      base.replace('within: 14d', 'within: 15d'),
      base.replace('at_least: 2', 'at_least: 3'),
      base.replace('gte: 100', 'gt: 100'),
      base.replace('a: 10', 'a: 11'),
      base.replace('hot: 50', 'hot: 51'),
      base.replace('label: A', 'label: B'),
      base.replace('all: [a, b]', 'any: [a, b]'),
      `${base}  cap: 90\n`,
    ];
    const versions = new Set([version(base), ...variants.map(version)]);
    expect(versions.size).toBe(variants.length + 1);
  });
});
