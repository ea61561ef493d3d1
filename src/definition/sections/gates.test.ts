import { describe, expect, it } from 'vitest';
import { load, places } from '../testing.ts';

describe('gates', () => {
  it('name a signal, sorted by gate name', () => {
    const result = load(
      'signals:\n  a: { event: A }\n  b: { event: B }\ngates:\n  fit: b\n  activation: a\n',
    );
    expect(result.ir?.gates).toEqual([
      { name: 'activation', signal: 'a' },
      { name: 'fit', signal: 'b' },
    ]);
  });

  it('reject values that are neither a name nor a signal object, and bad gate names', () => {
    expect(places(load('gates:\n  fit: 3\n  Bad: { event: E }\n'))).toEqual([
      'bad-value-type@5:8',
      'bad-name@6:3',
    ]);
  });
});

describe('hand_raisers', () => {
  it('list signal names, once each', () => {
    const result = load('signals:\n  demo: { event: Demo }\nhand_raisers: [demo, demo]\n');
    expect(result.ir?.handRaisers).toEqual(['demo']);
  });

  it('must be a list of names', () => {
    expect(places(load('hand_raisers: demo\n'))).toEqual(['bad-value-type@4:15']);
  });
});
