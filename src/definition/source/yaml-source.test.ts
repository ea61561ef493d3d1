import { describe, expect, it } from 'vitest';
import { parseYamlSource } from './yaml-source.ts';

const text = [
  'kindling: 1', //                 line 1
  'signals:', //                    line 2
  '  activated:', //                line 3
  '    all: [a, { event: X }]', //  line 4
  '    within:', //                 line 5
  '  "quoted key": 2', //           line 6
  'list:', //                       line 7
  '  - first', //                   line 8
  '  - second', //                  line 9
].join('\n');

describe('parseYamlSource', () => {
  const source = parseYamlSource(text);

  it('gives the plain value', () => {
    expect(source.issues).toEqual([]);
    expect(source.value).toMatchObject({ kindling: 1, list: ['first', 'second'] });
  });

  it('points at a key or at its value', () => {
    expect(source.positionOf(['kindling'], 'key')).toEqual({ line: 1, col: 1 });
    expect(source.positionOf(['kindling'], 'value')).toEqual({ line: 1, col: 11 });
    expect(source.positionOf(['signals', 'activated'], 'key')).toEqual({ line: 3, col: 3 });
    expect(source.positionOf(['signals', 'quoted key'], 'key')).toEqual({ line: 6, col: 3 });
  });

  it('walks into sequences, flow collections included', () => {
    expect(source.positionOf(['signals', 'activated', 'all', 0], 'value')).toEqual({ line: 4, col: 11 });
    expect(source.positionOf(['signals', 'activated', 'all', 1, 'event'], 'value')).toEqual({
      line: 4,
      col: 23,
    });
    expect(source.positionOf(['list', 1], 'value')).toEqual({ line: 9, col: 5 });
  });

  it('falls back to the key when the value is empty', () => {
    expect(source.positionOf(['signals', 'activated', 'within'], 'value')).toEqual({ line: 5, col: 5 });
  });

  it('falls back to the deepest existing node when the path goes further than the file', () => {
    expect(source.positionOf(['signals', 'activated', 'missing', 'deeper'], 'key')).toEqual({
      line: 4,
      col: 5,
    });
    expect(source.positionOf([], 'key')).toEqual({ line: 1, col: 1 });
  });

  it('reports syntax errors with their position and no value', () => {
    const broken = parseYamlSource('a: 1\nb: [x, y\n');
    expect(broken.value).toBeUndefined();
    expect(broken.issues[0]).toMatchObject({ kind: 'error', duplicateKey: false });
    expect(broken.issues[0]?.message).not.toMatch(/at line/);
  });

  it('keeps a usable value when the only error is a duplicate key', () => {
    const duplicated = parseYamlSource('a: 1\nb:\n  c: 2\n  c: 3\n');
    expect(duplicated.value).toEqual({ a: 1, b: { c: 3 } });
    expect(duplicated.issues).toHaveLength(1);
    expect(duplicated.issues[0]).toMatchObject({ duplicateKey: true, position: { line: 4, col: 3 } });
  });

  it('reads an empty file as null', () => {
    expect(parseYamlSource('').value).toBeNull();
  });
});
