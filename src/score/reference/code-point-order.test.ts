import { describe, expect, test } from 'vitest';
import { compareCodePoints } from './code-point-order.ts';

describe('compareCodePoints', () => {
  test('orders like UTF-8 bytes, not like UTF-16 code units', () => {
    // U+1F600 is above U+FFFD as a code point, below it as a UTF-16 unit (0xD83D).
    expect(compareCodePoints('😀', '\uFFFD')).toBe(1);
    expect('😀' < '\uFFFD').toBe(true);
    const words = ['😀', 'ｚ', 'z', 'Z', 'é', 'a', '', 'ab', '\uE000', '\u{10000}'];
    const byBytes = [...words].sort((p, q) => Buffer.compare(Buffer.from(p), Buffer.from(q)));
    expect([...words].sort(compareCodePoints)).toEqual(byBytes);
  });

  test('is case-sensitive and treats a prefix as smaller', () => {
    expect(compareCodePoints('Z', 'a')).toBe(-1);
    expect(compareCodePoints('ab', 'a')).toBe(1);
    expect(compareCodePoints('same', 'same')).toBe(0);
  });
});
