import { describe, expect, it } from 'vitest';
import type { Problem } from './catalogue.ts';
import { formatProblem, formatSummary, sortProblems } from './format-problem.ts';

const error: Problem = {
  severity: 'error',
  code: 'bad-duration',
  message: '`within` expects a duration such as 14d, found string "14x"',
  hint: 'Write a duration such as 30m, 12h, 14d or 2w.',
  line: 12,
  col: 13,
};
const warning: Problem = { ...error, severity: 'warning', code: 'unknown-event', line: 3, col: 1 };

describe('formatProblem', () => {
  it('prints FILE:LINE:COL severity CODE message, then the hint indented', () => {
    expect(formatProblem('kindling.yml', error)).toBe(
      'kindling.yml:12:13 error bad-duration `within` expects a duration such as 14d, found string "14x"\n' +
        '  hint: Write a duration such as 30m, 12h, 14d or 2w.',
    );
    expect(formatProblem('k.yml', warning).split('\n')[0]).toMatch(/^k\.yml:3:1 warning unknown-event /);
  });
});

describe('formatSummary', () => {
  it('counts errors and warnings', () => {
    expect(formatSummary('k.yml', [])).toBe('k.yml: valid, no problems');
    expect(formatSummary('k.yml', [error, error, warning])).toBe('k.yml: 2 errors, 1 warning');
    expect(formatSummary('k.yml', [warning])).toBe('k.yml: valid, 1 warning');
    expect(formatSummary('k.yml', [error])).toBe('k.yml: 1 error');
  });
});

describe('sortProblems', () => {
  it('orders by position', () => {
    expect(sortProblems([error, warning]).map((p) => p.line)).toEqual([3, 12]);
  });
});
