import { describe, expect, it } from 'vitest';
import { codes, load, only, places } from '../testing.ts';

describe('signal references', () => {
  it('may point forward to signals defined later', () => {
    const result = load('signals:\n  s: { all: [later] }\n  later: { event: E }\n');
    expect(result.problems).toEqual([]);
  });

  it('report an undefined signal in all/any/not/of at the item, with a suggestion', () => {
    const result = load(`
      signals:
        pricing_visits: { event: $page }
        a: { all: [pricing_visit] }
        b: { any: [nope] }
        c: { not: pricing_vists }
        d: { of: [pricing_visits, missing] }
    `);
    expect(places(result)).toEqual([
      'undefined-signal@6:14',
      'undefined-signal@7:14',
      'undefined-signal@8:13',
      'undefined-signal@9:29',
    ]);
    expect(result.problems[0]?.hint).toBe('Did you mean `pricing_visits`?');
    expect(result.problems[1]?.hint).toContain('Define `nope` under `signals:`');
    expect(result.problems[0]?.message).toContain('defined signals: pricing_visits, a, b, c, d');
  });

  it('report an undefined gate or hand-raiser signal', () => {
    const result = load(
      'signals:\n  demo: { event: Demo }\ngates:\n  activation: activatd\nhand_raisers: [demo, dem]\n',
    );
    expect(places(result)).toEqual(['undefined-signal@7:15', 'undefined-signal@8:22']);
  });

  it('report points on an unknown signal at the key, with its own code', () => {
    const problem = only(
      load('signals:\n  engaged: { event: E }\npoints:\n  engagd: 10\n'),
      'points-unknown-signal',
    );
    expect(problem).toMatchObject({ line: 7, col: 3, hint: 'Did you mean `engaged`?' });
  });

  it('say so when no signal is defined at all', () => {
    const result = load('points:\n  x: 1\n');
    expect(codes(result)).toEqual(['points-unknown-signal']);
    expect(result.problems[0]?.message).toContain('no signals are defined');
  });
});
