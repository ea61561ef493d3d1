import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, fitText } from './text-fit.ts';

describe('fitText', () => {
  it('keeps text that fits and cuts the rest with an ellipsis', () => {
    expect(fitText('hello', 5)).toBe('hello');
    expect(fitText('hello world', 6)).toBe('hello…');
    expect(fitText('a&b', 5, escapeMrkdwn)).toBe('a…');
    expect(fitText('a&b', 7, escapeMrkdwn)).toBe('a&amp;b');
    expect(fitText('😀😀😀', 4)).toBe('😀…');
  });

  it('never exceeds the limit nor splits an escape', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        (text, max) => {
          const out = fitText(text, max, escapeMrkdwn);
          expect(out.length).toBeLessThanOrEqual(max);
          expect(out.replace(/&(amp|lt|gt);/g, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
        },
      ),
    );
  });
});
