import { describe, expect, it } from 'vitest';
import { formatByteSize, GIB, MIB, parseByteSize } from './byte-size.ts';

describe('parseByteSize', () => {
  it('reads decimal and binary units, any case, with or without a space', () => {
    expect(parseByteSize('768MB')).toEqual({ ok: true, value: 768_000_000 });
    expect(parseByteSize('768MiB')).toEqual({ ok: true, value: 768 * MIB });
    expect(parseByteSize('1GiB')).toEqual({ ok: true, value: GIB });
    expect(parseByteSize(' 1 gib ')).toEqual({ ok: true, value: GIB });
    expect(parseByteSize('1.5GiB')).toEqual({ ok: true, value: 1.5 * GIB });
    expect(parseByteSize('2048B')).toEqual({ ok: true, value: 2048 });
    expect(parseByteSize('2 TB')).toEqual({ ok: true, value: 2e12 });
  });

  it('refuses a bare number, an unknown unit and text, saying what is expected', () => {
    const bare = parseByteSize('1024');
    expect(bare.ok).toBe(false);
    if (!bare.ok) expect(bare.error).toContain('768MB');
    const unit = parseByteSize('1GO');
    expect(unit.ok).toBe(false);
    if (!unit.ok) expect(unit.error).toContain('"GO" is not a unit');
    expect(parseByteSize('').ok).toBe(false);
    expect(parseByteSize('-1GB').ok).toBe(false);
    expect(parseByteSize('lots').ok).toBe(false);
  });
});

describe('formatByteSize', () => {
  it('names the largest binary unit', () => {
    expect(formatByteSize(768 * MIB)).toBe('768 MiB');
    expect(formatByteSize(GIB)).toBe('1 GiB');
    expect(formatByteSize(1.5 * GIB)).toBe('1.5 GiB');
    expect(formatByteSize(512)).toBe('512 B');
  });
});
