import { describe, expect, it } from 'vitest';
import { normalizeMessage } from './normalize.ts';
import { withoutUnsafeKeys } from './unsafe-keys.ts';

const parse = (text: string) => JSON.parse(text) as Record<string, never>;

describe('withoutUnsafeKeys', () => {
  it('removes __proto__, constructor and prototype at any depth and names each one', () => {
    const raw = parse(
      '{"properties":{"__proto__":{"polluted":1},"a":1,"list":[{"constructor":2,"b":3}],"n":{"prototype":4,"c":5}}}',
    );
    const { value, dropped } = withoutUnsafeKeys(raw);
    expect(dropped).toEqual([
      'properties.__proto__',
      'properties.list[0].constructor',
      'properties.n.prototype',
    ]);
    expect(JSON.stringify(value)).toBe('{"properties":{"a":1,"list":[{"b":3}],"n":{"c":5}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('returns a message without such keys as it is', () => {
    const raw = parse('{"properties":{"a":{"b":[1,{"c":2}]}}}');
    expect(withoutUnsafeKeys(raw)).toEqual({ value: raw, dropped: [] });
  });

  it('is what normalisation reports as droppedKeys', () => {
    const raw = parse('{"type":"identify","userId":"u","traits":{"constructor":"x","plan":"pro"}}');
    const result = normalizeMessage(raw, { receivedAt: 0, endpointType: null, batchSentAt: null });
    expect(result.ok && result.value.droppedKeys).toEqual(['traits.constructor']);
    expect(result.ok && result.value.traitWrites.map((w) => w.key)).toEqual(['plan']);
  });
});
