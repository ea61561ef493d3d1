/**
 * Randomised files built from the language's own vocabulary: whatever is written, loading never
 * throws, every problem has a catalogue code and a real position, and an IR comes back exactly
 * when no error was found.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadDefinition } from './load-definition.ts';
import { PROBLEM_CODES } from './problems/catalogue.ts';

const words = fc.constantFrom(
  ...['kindling', 'name', 'entity', 'signals', 'gates', 'points', 'tiers', 'recency', 'lists', 'cap'],
  ...['event', 'distinct', 'sum', 'where', 'within', 'at_least', 'at_most', 'trait', 'gte', 'in', 'eq'],
  ...['last_seen', 'all', 'any', 'not', 'of', 'otherwise', 'multiply', 'label', 'a', 'b', 'user', '$l'],
);
const leaf = fc.oneof(
  words,
  fc.constantFrom('14d', '7d', '0d', '*', 'user', 'day', 'properties.x', 1, 0.5, -3, true),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(words, tie('node'), { maxKeys: 4 }),
  ),
})).node;

const definition = fc.record({
  kindling: fc.constantFrom(1, 2),
  name: fc.constantFrom('ok-name', 'Bad Name'),
  entity: fc.constantFrom('user', 'account', 'team'),
  signals: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), value, { maxKeys: 4 }),
  points: fc.dictionary(fc.constantFrom('a', 'b', 'z'), fc.oneof(fc.integer({ min: -50, max: 50 }), leaf), {
    maxKeys: 3,
  }),
});

describe('loadDefinition on random files', () => {
  it('never throws and keeps its promises about problems and the IR', () => {
    fc.assert(
      fc.property(definition, (file) => {
        const text = stringify(file);
        const lines = text.split('\n').length;
        const result = loadDefinition(text, 'random.yml');
        for (const problem of result.problems) {
          expect(PROBLEM_CODES).toContain(problem.code);
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.line).toBeLessThanOrEqual(lines);
          expect(problem.message.length).toBeGreaterThan(0);
        }
        const errors = result.problems.filter((p) => p.severity === 'error').length;
        expect(result.ir === null).toBe(errors > 0);
      }),
      { numRuns: 300 },
    );
  });
});
