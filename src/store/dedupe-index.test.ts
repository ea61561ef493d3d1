import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DedupeIndex } from './dedupe-index.ts';

const DAY = 86_400_000;

describe('DedupeIndex', () => {
  it('never forgets an id it was given (no false negatives), across growth', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 3000 }), (ids) => {
        const index = new DedupeIndex(7 * DAY, 0);
        for (const id of ids) index.add('ws', id, 0);
        return ids.every((id) => index.mightContain('ws', id));
      }),
      { numRuns: 20 },
    );
  });

  it('keeps workspaces apart and rarely suspects unseen ids', () => {
    const index = new DedupeIndex(7 * DAY, 0);
    for (let i = 0; i < 100_000; i++) index.add('a', `m${i}`, 0);
    expect(index.mightContain('b', 'm1')).toBe(false);
    let suspects = 0;
    for (let i = 100_000; i < 200_000; i++) if (index.mightContain('a', `m${i}`)) suspects++;
    expect(suspects).toBe(0);
  });

  it('remembers ids for at least one generation, then lets them go', () => {
    const index = new DedupeIndex(7 * DAY, 0);
    index.add('ws', 'old', 0);
    index.add('ws', 'newer', 8 * DAY);
    expect(index.mightContain('ws', 'old')).toBe(true);
    index.add('ws', 'newest', 16 * DAY);
    expect(index.mightContain('ws', 'old')).toBe(false);
    expect(index.mightContain('ws', 'newer')).toBe(true);
  });
});

describe('DedupeIndex snapshots', () => {
  it('restores exactly what was added, with its generation and sequence', () => {
    const index = new DedupeIndex(7 * DAY, 0);
    for (let i = 0; i < 5000; i++) index.add('ws', `m${i}`, i < 2500 ? 0 : 8 * DAY);
    const restored = DedupeIndex.restore(index.snapshot(4242), 7 * DAY);
    expect(restored?.seq).toBe(4242);
    expect(restored?.index.size).toBe(index.size);
    for (let i = 0; i < 5000; i++) expect(restored?.index.mightContain('ws', `m${i}`)).toBe(true);
    expect(restored?.index.mightContain('ws', 'never')).toBe(false);
  });

  it('refuses truncated, foreign or differently configured snapshots', () => {
    const bytes = new DedupeIndex(7 * DAY, 0).snapshot(1);
    expect(DedupeIndex.restore(bytes.subarray(0, bytes.length - 4), 7 * DAY)).toBeNull();
    expect(DedupeIndex.restore(Buffer.from('not a snapshot at all, clearly not one'), 7 * DAY)).toBeNull();
    expect(DedupeIndex.restore(bytes, 1 * DAY)).toBeNull();
  });
});
