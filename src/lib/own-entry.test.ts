import { describe, expect, it } from 'vitest';
import { setOwnEntry } from './own-entry.ts';

describe('setOwnEntry', () => {
  it('defines entries as Object.fromEntries does, __proto__ included', () => {
    const entries: [string, number][] = [
      ['a', 1],
      ['__proto__', 2],
      ['constructor', 3],
      ['a', 4],
    ];
    const record: Record<string, number> = {};
    for (const [key, value] of entries) setOwnEntry(record, key, value);
    expect(record).toStrictEqual(Object.fromEntries(entries));
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record)).toEqual(['a', '__proto__', 'constructor']);
    expect(JSON.stringify(record)).toBe(JSON.stringify(Object.fromEntries(entries)));
  });
});
