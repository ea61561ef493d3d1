import { describe, expect, it } from 'vitest';
import { load, places } from '../testing.ts';

const body = `
  signals:
    a: { event: Demo requested }
    b: { event: Signed Up }
    c: { event: "*" }
    d: { distinct: user }
    e: { event: Totally New }
`;

describe('events never seen in the stored data', () => {
  it('are warnings at the event, with the closest seen name', () => {
    const result = load(body, { knownEvents: ['Demo Requested', 'Signed Up', 'Logged In'] });
    expect(places(result)).toEqual(['unknown-event@5:15', 'unknown-event@9:15']);
    expect(result.problems.map((p) => p.severity)).toEqual(['warning', 'warning']);
    expect(result.problems[0]?.hint).toBe('Did you mean `Demo Requested`?');
    expect(result.problems[1]?.hint).toBe('Check the spelling against the events your product sends.');
  });

  it('still give an IR, since warnings do not fail the file', () => {
    expect(load(body, { knownEvents: ['Signed Up'] }).ir).not.toBeNull();
  });

  it('are not checked without knowledge of the data', () => {
    expect(load(body).problems).toEqual([]);
    expect(load(body, { knownEvents: [] }).problems).toEqual([]);
  });
});
