import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../load-definition.ts';
import { codes, load, only, places } from '../testing.ts';

const check = (text: string) => loadDefinition(text, 'test.yml');

describe('header: kindling, name, entity, description', () => {
  it('builds the header of the IR', () => {
    const { ir } = check('kindling: 1\nname: my-pql\nentity: account\ndescription: Ready accounts.\n');
    expect(ir).toMatchObject({
      kindling: 1,
      name: 'my-pql',
      entity: 'account',
      description: 'Ready accounts.',
    });
  });

  it('defaults description to null', () => {
    expect(load('').ir?.description).toBeNull();
  });

  it('reports each missing required key at the start of the file', () => {
    const result = check('description: nothing else\n');
    expect(places(result)).toEqual(['missing-key@1:1', 'missing-key@1:1', 'missing-key@1:1']);
    expect(result.problems.map((p) => p.message.match(/`(\w+)`/)?.[1])).toEqual([
      'kindling',
      'name',
      'entity',
    ]);
    expect(result.ir).toBeNull();
  });

  it('rejects any kindling version but 1, including the string "1"', () => {
    expect(places(check('kindling: 2\nname: a\nentity: user\n'))).toEqual(['unsupported-version@1:11']);
    expect(codes(check('kindling: "1"\nname: a\nentity: user\n'))).toEqual(['unsupported-version']);
  });

  it('requires the definition name to be lowercase letters, digits and hyphens', () => {
    const problem = only(check('kindling: 1\nname: Team_PQL\nentity: user\n'), 'bad-name');
    expect(problem).toMatchObject({ line: 2, col: 7 });
    expect(problem.message).toContain('found string "Team_PQL"');
  });

  it('suggests the entity closest to a misspelt one', () => {
    const problem = only(check('kindling: 1\nname: a\nentity: acount\n'), 'bad-value');
    expect(problem.hint).toBe('Did you mean `account`?');
  });

  it('reports an unknown top-level key with a suggestion', () => {
    const problem = only(load('signal: {}\n'), 'unknown-key');
    expect(problem).toMatchObject({ line: 4, col: 1 });
    expect(problem.hint).toBe('Did you mean `signals`?');
  });

  it('reports a file that is not a map once, at its start', () => {
    expect(places(check('- a\n- b\n'))).toEqual(['bad-value-type@1:1']);
    expect(places(check(''))).toEqual(['bad-value-type@1:1']);
  });

  it('reports YAML syntax errors and stops there', () => {
    const result = check('kindling: 1\nname: [a\n');
    expect(codes(result)).toEqual(['yaml-syntax']);
    expect(result.ir).toBeNull();
  });

  it('reports duplicate keys and still checks the rest', () => {
    const result = check('kindling: 1\nname: a\nname: b\nentity: usr\n');
    expect(codes(result)).toEqual(['duplicate-key', 'bad-value']);
  });
});
