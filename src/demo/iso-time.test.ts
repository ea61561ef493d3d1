import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.ts';

describe('isoTime', () => {
  it('matches Date#toISOString for any millisecond in years 1970–9999', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 253_402_300_799_999 }),
        (ms) => isoTime(ms) === new Date(ms).toISOString(),
      ),
      { numRuns: 2000 },
    );
  });

  it('truncates fractional milliseconds like Date does', () => {
    expect(isoTime(1_748_822_400_000.9)).toBe('2025-06-02T00:00:00.000Z');
    expect(isoTime(1_748_822_399_999)).toBe('2025-06-01T23:59:59.999Z');
  });
});
