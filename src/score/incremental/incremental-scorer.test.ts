import { describe, expect, test } from 'vitest';
import {
  accountTrait,
  agg,
  anon,
  DAY,
  data,
  day,
  def,
  eq,
  ev,
  gt,
  HOUR,
  link,
  member,
  track,
  trait,
  userTrait,
} from '../../../test/conformance/build.ts';
import { explainEntity } from '../explain/index.ts';
import { scoreAll } from '../reference/index.ts';
import { factsOf } from './facts.ts';
import { IncrementalScorer } from './incremental-scorer.ts';
import { CHUNK_ROWS } from './row-pool.ts';
import type { SavedUnit, StateUnit } from './state-units.ts';

const definition = def({
  signals: {
    weekly: ev('Login', { within: '7d', atLeast: 3 }),
    days: agg({ distinct: 'day', within: '7d' }),
    ever: ev('Login'),
  },
  points: { weekly: 10 },
});

describe('IncrementalScorer', () => {
  test('state stays bounded by the window however long the history', () => {
    const scorer = new IncrementalScorer(definition);
    for (let n = 0; n < 200; n++) {
      scorer.add({ kind: 'event', event: { ...login(day(n) + HOUR), messageId: `m${n}` } });
      scorer.add({ kind: 'event', event: { ...login(day(n) + 2 * HOUR), messageId: `n${n}` } });
      scorer.advance(day(n + 1));
      scorer.compact();
    }
    // One log entry per event of the last 7 days, whichever windowed signals it matched; the log's
    // pool never grew past its first chunk (expired rows' blocks are reused) of rows of a time and
    // a one-byte mask.
    expect(scorer.size()).toEqual({
      keys: 1,
      cells: 1,
      entries: 7 * 2,
      pending: 0,
      poolBytes: CHUNK_ROWS * (8 + 1),
      freeBytes: expect.any(Number),
    });
    expect(scorer.scoreEntity('u1', day(200))?.signals).toEqual({
      weekly: { holds: true, value: 14 },
      days: { holds: true, value: 7 },
      ever: { holds: true, value: 400 },
    });
  });

  test('gives back the pool room a cohort growing together leaves behind, and scores the same', () => {
    const cohortDefinition = def({
      signals: {
        active: ev('Login', { within: '30d', atLeast: 40 }),
        spent: agg({ event: 'Login', sum: 'amount', within: '30d', atLeast: 1_000 }),
        pages: agg({ event: 'Login', distinct: 'page', within: '30d', atLeast: 30 }),
      },
      points: { active: 10, spent: 5, pages: 1 },
    });
    // 2,500 users, one event an hour each (half of them stop after 10 hours): every log, sum and
    // distinct-page list grows through the sizes together, leaving the smaller ones free and never asked for
    // again; those of the users who stopped stay among the freed blocks of the others.
    const events = Array.from({ length: 48 }, (_, hour) =>
      Array.from({ length: 2_500 }, (_, user) => user)
        .filter((user) => hour < 10 || user % 2 === 0)
        .map((user) => track(`u${user}`, 'Login', day(0) + hour * HOUR, { amount: hour, page: `p${hour}` })),
    );
    const dataset = data({ events: events.flat() });
    const scorer = new IncrementalScorer(cohortDefinition);
    for (const event of dataset.events) scorer.add({ kind: 'event', event });
    for (let hour = 0; hour < 48; hour++) scorer.advance(day(0) + hour * HOUR);
    const { poolBytes, freeBytes } = scorer.size();
    expect(freeBytes).toBeLessThan(poolBytes / 3);
    expect(scorer.scoreAll(day(2))).toEqual(scoreAll(cohortDefinition, dataset, day(2)));
  });

  test('facts dated after the time asked wait, and count once it is reached', () => {
    const scorer = new IncrementalScorer(definition);
    scorer.add({ kind: 'event', event: { ...login(day(5)), messageId: 'later' } });
    expect(scorer.scoreEntity('u1', day(4))).toBeNull();
    expect(scorer.size().pending).toBe(1);
    expect(scorer.scoreEntity('u1', day(5))?.signals.ever).toEqual({ holds: true, value: 1 });
  });

  test('a late event inside the window counts; one already outside every window is not kept', () => {
    const scorer = new IncrementalScorer(definition);
    scorer.add({ kind: 'event', event: { ...login(day(10)), messageId: 'a' } });
    scorer.scoreAll(day(10));
    scorer.add({ kind: 'event', event: { ...login(day(9)), messageId: 'late' } });
    scorer.add({ kind: 'event', event: { ...login(day(3)), messageId: 'too late' } });
    // The two events inside the window, one log entry each.
    expect(scorer.size().entries).toBe(2);
    const dataset = data({ events: [login(day(10)), login(day(9)), login(day(3))] });
    expect(scorer.scoreAll(day(11))).toEqual(scoreAll(definition, dataset, day(11)));
  });

  test('asking before a time already answered is a bug', () => {
    const scorer = new IncrementalScorer(definition);
    scorer.scoreAll(day(2));
    expect(() => scorer.scoreAll(day(2) - 1)).toThrow(RangeError);
  });

  test('rebuilding from a dataset equals the reference', () => {
    const dataset = data({ events: [login(day(1)), login(day(2) + 5 * DAY)] });
    const scorer = new IncrementalScorer(definition);
    for (const fact of factsOf(dataset)) scorer.add(fact);
    expect(scorer.scoreAll(day(8))).toEqual(scoreAll(definition, dataset, day(8)));
  });

  test('explains from its state, also once saved and restored', () => {
    const dataset = data({ events: [login(day(1)), login(day(6)), login(day(7))] });
    const scorer = new IncrementalScorer(definition);
    for (const fact of factsOf(dataset)) scorer.add(fact);
    const expected = explainEntity(definition, dataset, 'u1', day(8));
    expect(scorer.describe(['u1'], day(8)).get('u1')?.receipt).toEqual(expected);
    const text = JSON.stringify(scorer.allUnits().map((saved) => saved.unit));
    const restored = IncrementalScorer.restore(
      definition,
      { domainAccounts: false },
      { horizon: day(8), units: JSON.parse(text) as StateUnit[] },
    );
    expect(restored.describe(['u1'], day(8)).get('u1')?.receipt).toEqual(expected);
  });

  test('saves traits as rows without their owner, and restores units saved with whole records', () => {
    const withTraits = def({
      entity: 'account',
      signals: {
        team: trait('plan', eq('team')),
        big: trait('seats', gt(10)),
        logins: ev('Login', { within: '7d' }),
      },
      points: { team: 10, big: 5, logins: 1 },
    });
    const dataset = data({
      events: [track('u1', 'Login', day(1), {}, { groupId: 'acme' }), track(anon('a1'), 'Login', day(1), {})],
      memberships: [member('u1', 'acme', day(0)), member('u2', 'acme', day(0))],
      links: [link('a1', 'u2', day(1))],
      traits: [
        userTrait('u1', 'plan', 'team', day(1)),
        userTrait('u2', 'plan', 'free', day(1)),
        userTrait('a1', 'plan', 'team', day(0)),
        accountTrait('acme', 'seats', 12, day(1)),
        accountTrait('acme', 'plan', 'team', day(2), 7),
      ],
    });
    const scorer = new IncrementalScorer(withTraits);
    for (const fact of factsOf(dataset)) scorer.add(fact);
    const expected = scoreAll(withTraits, dataset, day(3));
    expect(scorer.scoreAll(day(3))).toEqual(expected);
    const units = scorer.allUnits().map((saved) => saved.unit);
    const text = JSON.stringify(units);
    // Rows: the owner is the unit's key or tag, not repeated in each.
    expect(text).not.toContain('entityId');
    // The layout before (state format 3): each trait a whole record naming its owner.
    const asRecords = units.map((unit): StateUnit => {
      if (unit.kind === 'pending') return unit;
      const [type, owner] = unit.kind === 'key' ? ['user', unit.key] : ['account', unit.tag];
      const traits = unit.traits.map((row) => {
        if (!Array.isArray(row)) throw new Error('a trait saved as a record');
        const [key, value, timestamp, seq] = row;
        return { entityType: type as 'user' | 'account', entityId: owner, key, value, timestamp, seq };
      });
      return { ...unit, traits };
    });
    for (const saved of [JSON.parse(text) as StateUnit[], asRecords]) {
      const restored = IncrementalScorer.restore(
        withTraits,
        { domainAccounts: false },
        { horizon: day(3), units: saved },
      );
      expect(restored.scoreAll(day(3))).toEqual(expected);
    }
  });

  test('signals matching the same events share one log entry per event', () => {
    const twins = def({
      signals: {
        logins: ev('Login', { within: '7d' }),
        days: agg({ event: 'Login', distinct: 'day', within: '7d' }),
        users: agg({ event: 'Login', distinct: 'user', within: '7d' }),
      },
      points: { logins: 10 },
    });
    const dataset = data({ events: [login(day(1)), login(day(6)), login(day(7)), login(day(7) + HOUR)] });
    const scorer = new IncrementalScorer(twins);
    for (const fact of factsOf(dataset)) scorer.add(fact);
    expect(scorer.describe(['u1'], day(8)).get('u1')?.receipt).toEqual(
      explainEntity(twins, dataset, 'u1', day(8)),
    );
    // One log entry per event in the window: the count, the days and the user are read from it.
    expect(scorer.size().entries).toBe(3);
  });

  test('more windowed signals than one mask word holds (40 bits) count and explain like the reference', () => {
    const names = Array.from({ length: 40 }, (_, index) => `Event ${index}`);
    const wide = def({
      signals: Object.fromEntries(
        names.map((name, index) => [`s${index}`, ev(name, { within: `${1 + (index % 9)}d`, atLeast: 2 })]),
      ),
      points: Object.fromEntries(names.map((_, index) => [`s${index}`, 1 + (index % 3)])),
    });
    const events = names.flatMap((name, index) => [
      track('u1', name, day(1) + index * HOUR),
      track('u1', name, day(5) + index * HOUR),
      track('u2', name, day(6) + (index % 5) * HOUR),
    ]);
    const dataset = data({ events });
    const scorer = new IncrementalScorer(wide);
    for (const fact of factsOf(dataset)) scorer.add(fact);
    for (const asOf of [day(7), day(9), day(12)]) {
      expect(scorer.scoreAll(asOf)).toEqual(scoreAll(wide, dataset, asOf));
      expect(scorer.describe(['u1'], asOf).get('u1')?.receipt).toEqual(
        explainEntity(wide, dataset, 'u1', asOf),
      );
    }
  });

  test('what a cell remembered of its last read holds until its next expiry, and not a millisecond after', () => {
    const account = def({
      entity: 'account',
      signals: {
        logins: ev('Login', { within: '2d', atLeast: 2 }),
        rows: agg({ event: 'Export', sum: 'rows', within: '1d' }),
        people: agg({ distinct: 'user', within: '3d', atLeast: 2 }),
      },
      points: { logins: 10, rows: 5, people: 20 },
    });
    const exportOf = (user: string, at: number, rows: number) => ({
      ...track(user, 'Export', at, { rows }, { groupId: 'acme' }),
    });
    const first = [
      track('u1', 'Login', day(1), {}, { groupId: 'acme' }),
      track('u1', 'Login', day(1) + 6 * HOUR, {}, { groupId: 'acme' }),
      exportOf('u2', day(2), 40),
    ];
    const later = track('u2', 'Login', day(2) + 12 * HOUR, {}, { groupId: 'acme' });
    const memberships = [member('u1', 'acme', day(0)), member('u2', 'acme', day(0))];
    const scorer = new IncrementalScorer(account);
    for (const fact of factsOf(data({ events: first, memberships }))) scorer.add(fact);
    // Each read lands on either side of an entry leaving its window (t + within is the first instant
    // it no longer counts); u1's cell is not touched again, so from the second read on it answers
    // from what it remembered — or must not, once its next expiry has come.
    const times = [
      day(2),
      day(2) + HOUR,
      day(3) - 1,
      day(3),
      day(3) + 6 * HOUR - 1,
      day(3) + 6 * HOUR,
      day(4) + 1,
      day(5) + 12 * HOUR,
    ];
    times.forEach((asOf, index) => {
      const events = index >= 2 ? [...first, later] : first;
      if (index === 2) scorer.add({ kind: 'event', event: { ...later, messageId: 'later' } });
      expect(scorer.scoreAll(asOf), `as of day ${(asOf - day(0)) / DAY}`).toEqual(
        scoreAll(account, data({ events, memberships }), asOf),
      );
    });
  });

  test('a signal may be named like an object property (`__proto__`, `constructor`)', () => {
    const odd = def({
      signals: { ['__proto__']: ev('Login', { within: '7d' }), constructor: ev('Login', { atLeast: 2 }) },
      points: { ['__proto__']: 10, constructor: 5 },
    });
    const dataset = data({ events: [login(day(1)), login(day(2))] });
    const scorer = new IncrementalScorer(odd);
    for (const fact of factsOf(dataset)) scorer.add(fact);
    const [score] = scorer.scoreAll(day(3));
    expect(score).toEqual(scoreAll(odd, dataset, day(3))[0]);
    expect(score?.score).toBe(15);
    expect(Object.getPrototypeOf(score?.signals)).toBe(Object.prototype);
    expect(Object.keys(score?.signals ?? {})).toEqual(['__proto__', 'constructor']);
  });

  test('a cell reached through its group tag counts its user anew once a link moves its key', () => {
    const account = def({
      entity: 'account',
      signals: { people: agg({ distinct: 'user', within: '7d', atLeast: 2 }) },
      points: { people: 10 },
    });
    // No memberships: each cell reaches acme through its events' group tag only.
    const events = [
      track('anon-1', 'Login', day(1), {}, { groupId: 'acme' }),
      track('u1', 'Login', day(1) + HOUR, {}, { groupId: 'acme' }),
    ];
    const links = [link('anon-1', 'u1', day(2))];
    const scorer = new IncrementalScorer(account);
    for (const fact of factsOf(data({ events }))) scorer.add(fact);
    const before = scorer.scoreAll(day(2));
    expect(before).toEqual(scoreAll(account, data({ events }), day(2)));
    expect(before[0]?.signals.people).toEqual({ holds: true, value: 2 });
    // The cells remember the users their keys resolved to; a link that moves a key must undo it.
    for (const fact of factsOf(data({ links }))) scorer.add(fact);
    const after = scorer.scoreAll(day(2) + HOUR);
    expect(after).toEqual(scoreAll(account, data({ events, links }), day(2) + HOUR));
    expect(after[0]?.signals.people).toEqual({ holds: false, value: 1 });
  });
  test.each(['changed', 'all'] as const)(
    'a save of the %s units taken in slices keeps them as they began',
    (which) => {
      const account = def({
        entity: 'account',
        signals: {
          logins: ev('Login', { within: '7d' }),
          seats: agg({ event: 'Invite', sum: 'n', within: '7d' }),
        },
        points: { logins: 10, seats: 5 },
      });
      const before = data({
        events: [
          track('u1', 'Login', day(1), {}, { groupId: 'acme' }),
          track('u2', 'Invite', day(1) + HOUR, { n: 2 }, { groupId: 'acme' }),
          track('u3', 'Login', day(5), {}), // after the horizon: waits as a pending fact
        ],
        memberships: [member('u1', 'acme', day(0))],
        traits: [userTrait('u2', 'plan', 'team', day(1))],
      });
      const after = data({
        events: [track('u1', 'Login', day(2), {}, { groupId: 'acme' }), track('u4', 'Login', day(2), {})],
        links: [link('anon-1', 'u2', day(2))],
        memberships: [member('u2', 'acme', day(2))],
        traits: [userTrait('u2', 'plan', 'enterprise', day(2), 9)],
      });
      const feed = (scorer: IncrementalScorer, dataset: typeof before) => {
        for (const fact of factsOf(dataset)) scorer.add(fact);
      };
      const twin = new IncrementalScorer(account);
      const sliced = new IncrementalScorer(account);
      for (const scorer of [twin, sliced]) {
        scorer.advance(day(2));
        feed(scorer, before);
      }
      // A save of every unit takes those an earlier save took as well.
      if (which === 'all') for (const scorer of [twin, sliced]) scorer.takeChangedUnits();
      const whole = which === 'all' ? twin.allUnits() : twin.takeChangedUnits();
      sliced.beginSave(which);
      const taken = [...sliced.takeSaving(1)];
      // Facts after the save began change units taken and not taken, and the pending facts.
      feed(sliced, after);
      sliced.advance(day(6));
      for (let slice = sliced.takeSaving(2); slice.length > 0; slice = sliced.takeSaving(2))
        taken.push(...slice);
      const units = (list: readonly SavedUnit[]) =>
        list.map(({ id, unit }) => ({ id, unit })).sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(whole.map((saved) => saved.id).sort()).toEqual(['k:u1', 'k:u2', 'pending']);
      expect(units(taken)).toEqual(units(whole));
      // What changed after the save began is in the next one.
      expect(
        sliced
          .takeChangedUnits()
          .map((saved) => saved.id)
          .sort(),
      ).toEqual(['k:anon-1', 'k:u1', 'k:u2', 'k:u3', 'k:u4', 'pending']);
    },
  );
});

function login(at: number) {
  return { ...track('u1', 'Login', at), messageId: `login-${at}` };
}
