import { describe, expect, it } from 'vitest';
import { PROBLEM_CATALOGUE, PROBLEM_CODES } from './catalogue.ts';

describe('the problem catalogue', () => {
  it('has stable kebab-case codes', () => {
    for (const code of PROBLEM_CODES) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('holds every code the language contract requires, with its severity', () => {
    const required = [
      'unknown-key',
      'missing-key',
      'undefined-signal',
      'undefined-list',
      'signal-cycle',
      'bad-duration',
      'multiple-aggregations',
      'comparison-mismatch',
      'tiers-not-ascending',
      'points-unknown-signal',
      'unsupported-version',
      'bad-name',
      'bad-value-type',
    ] as const;
    for (const code of required) expect(PROBLEM_CATALOGUE[code].severity).toBe('error');
    expect(PROBLEM_CATALOGUE['unknown-event'].severity).toBe('warning');
  });

  it('gives every code a summary and a hint', () => {
    for (const code of PROBLEM_CODES) {
      expect(PROBLEM_CATALOGUE[code].summary.length).toBeGreaterThan(10);
      expect(PROBLEM_CATALOGUE[code].hint.length).toBeGreaterThan(10);
    }
  });
});
