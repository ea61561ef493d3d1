/**
 * Nasty strings everywhere a SQL engine might splice or pattern-match them: event names, ids,
 * property names and values, trait keys and values, LIKE wildcards and escapes, non-ASCII.
 * (No NUL characters: Postgres text cannot hold them.)
 */
import {
  accountTrait,
  contains,
  data,
  day,
  def,
  eq,
  ev,
  isIn,
  member,
  page,
  startsWith,
  track,
  trait,
} from '../build.ts';
import type { Fixture } from '../fixture.ts';

const A = day(5);
const quoted = `it's "quoted"`;
const select = 'select * from events; --';
const drop = '"; drop table events; --';
const unicode = 'ünïcödé 🔥 ключ';
const obrien = "o'brien";

export const adversarialFixtures: Fixture[] = [
  {
    name: 'event names and user ids',
    definition: def({
      signals: {
        quoted: ev(quoted),
        select: ev(select),
        drop: ev(drop),
        dollarPage: ev('$page'),
        unicode: ev(unicode),
        percent: ev('%'),
        backslash: ev('back\\slash'),
      },
      points: { quoted: 1, select: 2, drop: 4, dollarPage: 8, unicode: 16, percent: 32, backslash: 64 },
    }),
    dataset: data({
      events: [
        track(obrien, quoted, day(1)),
        track(obrien, quoted, day(2)),
        track(obrien, select, day(1)),
        track(obrien, drop, day(1)),
        // A track call named `$page` is the event `$page`, like a page call.
        track(obrien, '$page', day(1)),
        page(obrien, day(2), { path: '/pricing' }),
        track(obrien, unicode, day(1)),
        track(obrien, 'back\\slash', day(1)),
        track('user"1', 'anything', day(1)),
        track('user"1', '%', day(1)),
        track('back\\slash', 'backslash', day(1)),
        track('😀', 'x', day(1)),
        track('select', 'x', day(1)),
      ],
    }),
    asOf: [A],
    expect: [
      {
        entityId: obrien,
        asOf: A,
        score: 95,
        signals: {
          quoted: { holds: true, value: 2 },
          select: { holds: true, value: 1 },
          drop: { holds: true, value: 1 },
          dollarPage: { holds: true, value: 2 },
          unicode: { holds: true, value: 1 },
          percent: { holds: false, value: 0 },
          backslash: { holds: true, value: 1 },
        },
      },
      // `%` is a name, not a pattern: only the event literally called `%` counts.
      { entityId: 'user"1', asOf: A, score: 32, signals: { percent: { holds: true, value: 1 } } },
      { entityId: 'back\\slash', asOf: A, score: 0, signals: { backslash: { holds: false, value: 0 } } },
      { entityId: '😀', asOf: A, present: true },
      { entityId: 'select', asOf: A, present: true },
    ],
  },
  {
    name: 'property names and values, LIKE wildcards taken literally',
    definition: def({
      signals: {
        apostrophe: ev('E', { where: { "it's": 'yes' } }),
        doubleQuoted: ev('E', { where: { '"quoted"': 1 } }),
        backslashKey: ev('E', { where: { 'back\\slash': 'a\\b' } }),
        keyword: ev('E', { where: { select: 'from' } }),
        dollarKey: ev('E', { where: { $page: startsWith('/pri') } }),
        cyrillic: ev('E', { where: { ключ: 'значение' } }),
        emojiKey: ev('E', { where: { '🔥': true } }),
        nestedKeywords: ev('E', { where: { 'where.order': 'by' } }),
        percentInside: ev('E', { where: { pct: contains('%') } }),
        underscorePrefix: ev('E', { where: { under: startsWith('a_') } }),
        backslashInside: ev('E', { where: { bs: contains('\\') } }),
        injected: ev('E', { where: { select: eq("'; drop table events; --") } }),
        quoteList: ev('E', { where: { "it's": isIn(["'", '"', 'yes']) } }),
      },
    }),
    dataset: data({
      events: [
        track('u1', 'E', day(1), {
          "it's": 'yes',
          '"quoted"': 1,
          'back\\slash': 'a\\b',
          select: 'from',
          $page: '/pricing',
          ключ: 'значение',
          '🔥': true,
          where: { order: 'by' },
          pct: '100%',
          under: 'a_c',
          bs: 'x\\y',
        }),
        track('u1', 'E', day(2), { pct: '100', under: 'abc', bs: 'xy', select: "'; drop table events; --" }),
        track('u1', 'E', day(3), { "it's": "'", under: 'A_c' }),
      ],
    }),
    asOf: [A],
    expect: [
      {
        entityId: 'u1',
        asOf: A,
        signals: {
          apostrophe: { holds: true, value: 1 },
          doubleQuoted: { holds: true, value: 1 },
          backslashKey: { holds: true, value: 1 },
          keyword: { holds: true, value: 1 },
          dollarKey: { holds: true, value: 1 },
          cyrillic: { holds: true, value: 1 },
          emojiKey: { holds: true, value: 1 },
          nestedKeywords: { holds: true, value: 1 },
          percentInside: { holds: true, value: 1 },
          underscorePrefix: { holds: true, value: 1 },
          backslashInside: { holds: true, value: 1 },
          injected: { holds: true, value: 1 },
          quoteList: { holds: true, value: 2 },
        },
      },
    ],
  },
  {
    name: 'account ids, trait keys and trait values',
    definition: def({
      entity: 'account',
      signals: {
        publisher: trait('"; drop table traits; --', eq(`O'Reilly \\ "Media"`)),
        logins: ev('Login'),
      },
      points: { publisher: 10, logins: 5 },
    }),
    dataset: data({
      events: [
        track(obrien, 'Login', day(1)),
        track('u2', 'Login', day(1), {}, { groupId: 'ünï "co"' }),
        ...['B', 'a', 'ｚ', '😀'].map((id) => track('u3', 'Login', day(1), {}, { groupId: id })),
      ],
      memberships: [member(obrien, "acme'; drop table accounts; --", day(1))],
      traits: [
        accountTrait(
          "acme'; drop table accounts; --",
          '"; drop table traits; --',
          `O'Reilly \\ "Media"`,
          null,
        ),
      ],
    }),
    asOf: [A],
    expect: [
      {
        entityId: "acme'; drop table accounts; --",
        asOf: A,
        score: 15,
        signals: {
          publisher: { holds: true, value: `O'Reilly \\ "Media"` },
          logins: { holds: true, value: 1 },
        },
      },
      { entityId: 'ünï "co"', asOf: A, score: 5 },
      { entityId: '😀', asOf: A, score: 5 },
    ],
  },
];
