import { describe, expect, it } from 'vitest';
import { load, only } from '../testing.ts';

describe('hoisting inline signals', () => {
  it('names inline items after their parent and 1-based position, marked inline', () => {
    const result = load(`
      signals:
        a: { event: A }
        activated:
          all: [a, { event: B, within: 7d }, { label: Big, trait: size, gte: 10 }]
    `);
    expect(result.problems).toEqual([]);
    const byName = new Map(result.ir?.signals.map((s) => [s.name, s]));
    expect(byName.get('activated')).toMatchObject({
      kind: 'all',
      inline: false,
      items: ['a', 'activated.2', 'activated.3'],
    });
    expect(byName.get('activated.2')).toMatchObject({ kind: 'aggregate', inline: true, event: 'B' });
    expect(byName.get('activated.3')).toMatchObject({ kind: 'trait', inline: true, label: 'Big' });
  });

  it('hoists nested inline signals and the inline item of `not`', () => {
    const result = load(`
      signals:
        s:
          any:
            - not: { last_seen: 30d }
            - of: [{ event: X }, { event: Y }]
    `);
    const names = result.ir?.signals.map((s) => s.name).sort();
    expect(names).toEqual(['s', 's.1', 's.1.1', 's.2', 's.2.1', 's.2.2']);
    expect(result.ir?.signals.find((s) => s.name === 's.1')).toMatchObject({ kind: 'not', item: 's.1.1' });
  });

  it('hoists an inline gate as gate.<name>', () => {
    const result = load(`
      signals:
        personal: { trait: email_domain, in: [gmail.com] }
      gates:
        fit: { not: personal }
        fit_too: { all: [{ trait: size, gte: 10 }] }
    `);
    expect(result.problems).toEqual([]);
    expect(result.ir?.gates).toEqual([
      { name: 'fit', signal: 'gate.fit' },
      { name: 'fit_too', signal: 'gate.fit_too' },
    ]);
    const byName = new Map(result.ir?.signals.map((s) => [s.name, s]));
    expect(byName.get('gate.fit')).toMatchObject({ kind: 'not', item: 'personal', inline: true });
    expect(byName.get('gate.fit_too.1')).toMatchObject({ kind: 'trait', inline: true });
  });

  it('reports problems inside an inline signal at their place', () => {
    const problem = only(
      load('signals:\n  s:\n    all:\n      - { event: E, within: 3y }\n'),
      'bad-duration',
    );
    expect(problem).toMatchObject({ line: 7, col: 29 });
  });

  it('does not let the file reference a hoisted name', () => {
    const result = load('signals:\n  s: { all: [{ event: E }] }\n  t: { not: s.1 }\n');
    expect(only(result, 'undefined-signal')).toMatchObject({ line: 6, col: 13 });
  });

  it('rejects signal names that break the naming rule, suggesting a fixed name', () => {
    const problem = only(load('signals:\n  Signed-Up: { event: E }\n'), 'bad-name');
    expect(problem).toMatchObject({ line: 5, col: 3, hint: 'Rename it, for example to `signed_up`.' });
  });

  it('rejects empty combinator lists', () => {
    expect(only(load('signals:\n  s: { all: [] }\n'), 'bad-value').message).toContain('found an empty list');
  });
});
