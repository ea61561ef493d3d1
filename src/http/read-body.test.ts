import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from '../collect/json-depth.ts';
import { parseJson } from './read-body.ts';

describe('JSON limits', () => {
  it('measures nesting outside strings only', () => {
    expect(jsonDepthExceeds('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[\\"[[[["}', 1)).toBe(false);
  });

  it('refuses deep nesting and invalid JSON as 400 replies', () => {
    const deep = parseJson(Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 32);
    expect(deep.ok ? 200 : deep.error.body.error.code).toBe('nesting-too-deep');
    const bad = parseJson(Buffer.from('{"a":'), 32);
    expect(bad.ok ? 200 : bad.error.status).toBe(400);
  });
});
