import { describe, expect, it } from 'vitest';
import { correctTimestamp, parseIsoTimestamp } from './timestamp.ts';

describe('parseIsoTimestamp', () => {
  it('reads UTC, offsets and fractions to the millisecond', () => {
    expect(parseIsoTimestamp('2024-05-01T12:00:00.123Z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 123));
    expect(parseIsoTimestamp('2024-05-01T14:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseIsoTimestamp('2024-05-01T07:00:00-0500')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseIsoTimestamp('2024-05-01T12:00:00.123456Z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 123));
  });

  it('treats a time without offset as UTC, and a bare date as midnight UTC', () => {
    expect(parseIsoTimestamp('2024-05-01T12:00:00')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseIsoTimestamp('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
  });

  it('refuses what is not ISO-8601 or not a real date', () => {
    for (const bad of ['yesterday', 'May 1 2024', '2024-02-30', '2024-13-01T00:00:00Z', '1714564800', '']) {
      expect(parseIsoTimestamp(bad), bad).toBeNull();
    }
  });
});

describe('correctTimestamp (Segment clock skew)', () => {
  it('shifts the client time by the skew between sentAt and receivedAt', () => {
    // The client clock is 10 s fast: it says it sent at :10 what arrived at :00.
    expect(correctTimestamp({ timestamp: 5_000, sentAt: 10_000, receivedAt: 0 })).toBe(-5_000);
  });

  it('keeps the timestamp without sentAt and uses receivedAt without timestamp', () => {
    expect(correctTimestamp({ timestamp: 5_000, sentAt: null, receivedAt: 9_000 })).toBe(5_000);
    expect(correctTimestamp({ timestamp: null, sentAt: 1, receivedAt: 9_000 })).toBe(9_000);
  });
});
