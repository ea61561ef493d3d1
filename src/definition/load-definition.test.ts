import { describe, expect, it } from 'vitest';
import { loadDefinition, loadDefinitionFile } from './load-definition.ts';
import { HEADER } from './testing.ts';

describe('loadDefinition', () => {
  it('returns the IR and no problems for a valid file, keeping the file name', () => {
    const result = loadDefinition(HEADER, 'kindling.yml');
    expect(result).toMatchObject({ file: 'kindling.yml', problems: [] });
    expect(result.ir).toEqual({
      kindling: 1,
      name: 'test-pql',
      entity: 'user',
      description: null,
      signals: [],
      gates: [],
      points: [],
      cap: 100,
      recency: [],
      handRaisers: [],
      tiers: [],
    });
  });

  it('reports every problem of the file at once, sorted by position, and no IR', () => {
    const result = loadDefinition(
      'tiers: { b: 5, a: 1 }\nkindling: 3\nname: x\nentity: user\ncap: -5\n',
      'k.yml',
    );
    expect(result.ir).toBeNull();
    expect(result.problems.map((p) => `${p.line}:${p.col} ${p.code}`)).toEqual([
      '1:19 tiers-not-ascending',
      '2:11 unsupported-version',
      '5:6 bad-value',
    ]);
  });

  it('never throws, whatever the input', () => {
    for (const text of [
      '',
      '---\n---\n',
      '[',
      '{a: *b}',
      '\t\tx',
      'kindling: !!binary xyz',
      '? [a]\n: b\n',
    ]) {
      expect(() => loadDefinition(text, 'k.yml')).not.toThrow();
      expect(loadDefinition(text, 'k.yml').problems.length).toBeGreaterThan(0);
    }
  });
});

describe('loadDefinitionFile', () => {
  it('reports a missing file as a problem, not an exception', async () => {
    const result = await loadDefinitionFile('/nonexistent/kindling.yml');
    expect(result.ir).toBeNull();
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: 'unreadable-file',
        line: 1,
        col: 1,
        message: expect.stringContaining('no such file'),
      }),
    ]);
  });
});

describe('YAML syntax errors', () => {
  it('reports one error for one bad indent, not every cascade of it', () => {
    const source = `${HEADER}signals:\n  a:\n  event: A\n    within: 7d\n   b: [1,\n`;
    const syntax = loadDefinition(source, 'k.yml').problems.filter((p) => p.code === 'yaml-syntax');
    expect(syntax).toHaveLength(1);
  });
});
