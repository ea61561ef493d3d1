import { describe, expect, it } from 'vitest';
import { signalBudget } from './signal-budget.ts';

const labels = (ones: number, zeros: number) =>
  Uint8Array.from([...Array<number>(ones).fill(1), ...Array<number>(zeros).fill(0)]);

describe('how many signals a fit may keep', () => {
  it('allows one per ten rows of the rarer class, between 1 and 12 (a definition read in one look)', () => {
    // OULAD's training rows: 227 passed, 77 did not.
    expect(signalBudget(labels(227, 77), undefined)).toEqual({
      maxSignals: 7,
      rule: 'rows',
      rarerClassRows: 77,
      fromRows: 7,
    });
    expect(signalBudget(labels(5, 500), undefined).maxSignals).toBe(1);
    expect(signalBudget(labels(2_000, 30_000), undefined)).toMatchObject({ maxSignals: 12, fromRows: 30 });
  });

  it('takes the caller’s number as it is', () => {
    expect(signalBudget(labels(5, 500), 20)).toEqual({
      maxSignals: 20,
      rule: 'given',
      rarerClassRows: 5,
      fromRows: 1,
    });
  });
});
