import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DedupeIndex, HashSet64 } from './dedupe-index.ts';

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

describe('HashSet64', () => {
  // A hash pair per number, never all zero (which marks an empty slot).
  const pair = (n: number): [number, number] => [(n * 2654435761) >>> 0, n + 1];

  it('answers like a plain set while it grows a few slots at a time, duplicates included', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5000 }), { minLength: 1, maxLength: 4000 }), (numbers) => {
        const set = new HashSet64(4);
        const model = new Set<number>();
        let grew = false;
        for (const n of numbers) {
          set.add(...pair(n));
          model.add(n);
          grew ||= set.growing;
          if (set.size !== model.size || !set.has(...pair(n))) return false;
        }
        // A growth of 32 slots or more lasts beyond one add: seen from outside.
        if (model.size > 40 && !grew) return false;
        for (let n = 0; n <= 5000; n++) if (set.has(...pair(n)) !== model.has(n)) return false;
        return true;
      }),
      { numRuns: 50 },
    );
  });

  it('grows only once three slots in four are used', () => {
    const set = new HashSet64(128);
    for (let n = 0; n < 96; n++) set.add(...pair(n));
    expect({ growing: set.growing, bytes: set.bytes }).toEqual({ growing: false, bytes: 128 * 8 });
    set.add(...pair(96));
    expect({ growing: set.growing, bytes: set.bytes }).toEqual({ growing: true, bytes: 3 * 128 * 8 });
  });

  it('refuses a saved table said to be fuller than it would have grown at', () => {
    const bytes = new HashSet64(128).toBuffer();
    bytes.writeUInt32LE(96, 0);
    expect(HashSet64.fromBuffer(bytes, 0)?.set.size).toBe(96);
    bytes.writeUInt32LE(97, 0);
    expect(HashSet64.fromBuffer(bytes, 0)).toBeNull();
  });

  it('saves everything, moved or not, when saved in the middle of a growth', () => {
    const set = new HashSet64(4);
    let n = 0;
    while (!set.growing || n < 1000) set.add(...pair(n++));
    expect(set.growing).toBe(true);
    const restored = HashSet64.fromBuffer(set.toBuffer(), 0)?.set;
    expect(restored?.size).toBe(n);
    for (let i = 0; i < n; i++) expect(restored?.has(...pair(i))).toBe(true);
    expect(restored?.has(...pair(n))).toBe(false);
  });
});
