import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, DEFAULT_END_AT } from './demo-options.ts';
import { type DemoData, generateDemo } from './generate-demo.ts';
import type { DemoMessage } from './segment-message.ts';

function fingerprint(data: DemoData): string {
  const hash = createHash('sha256');
  for (const m of data.messages()) hash.update(`${JSON.stringify(m)}\n`);
  for (const row of data.accountTraits()) hash.update(`${JSON.stringify(row)}\n`);
  for (const row of data.outcomes()) hash.update(`${JSON.stringify(row)}\n`);
  return hash.digest('hex');
}

const SMALL = { users: 400, accounts: 40, days: 30 };

describe('generateDemo determinism', () => {
  it('gives identical output for the same seed and different output for another', () => {
    const a = fingerprint(generateDemo({ ...SMALL, seed: 5 }));
    expect(fingerprint(generateDemo({ ...SMALL, seed: 5 }))).toBe(a);
    expect(fingerprint(generateDemo({ ...SMALL, seed: 6 }))).not.toBe(a);
  });

  it('gives the same messages however the iterators are interleaved', () => {
    const data = generateDemo({ ...SMALL, seed: 5 });
    const outcomesFirst = [...data.outcomes()];
    const messages = [...data.messages()];
    expect([...data.outcomes()]).toEqual(outcomesFirst);
    expect([...generateDemo({ ...SMALL, seed: 5 }).messages()]).toEqual(messages);
  });

  it('ends at a fixed default, or at the given end, never at the clock unless asked', () => {
    expect(generateDemo({ ...SMALL, seed: 1 }).options.endAt).toBe(DEFAULT_END_AT);
    expect(generateDemo({ ...SMALL, seed: 1, endAt: Date.UTC(2024, 0, 1) }).options.startAt).toBe(
      Date.UTC(2024, 0, 1) - 30 * DAY_MS,
    );
    const before = Date.now();
    expect(generateDemo({ ...SMALL, seed: 1, endAt: 'now' }).options.endAt).toBeGreaterThanOrEqual(before);
  });

  it('refuses nonsense options as a programming error', () => {
    expect(() => generateDemo({ users: -1, accounts: 1, days: 1, seed: 1 })).toThrow(RangeError);
  });
});

describe('generated population and timelines', () => {
  const options = { users: 3000, accounts: 300, days: 60, seed: 3 };
  let data: DemoData;
  let messages: DemoMessage[] = [];
  beforeAll(() => {
    data = generateDemo(options);
    messages = [...data.messages()];
  });

  it('has exactly the users and accounts asked for', () => {
    const users = new Set(messages.flatMap((m) => (m.type === 'identify' ? [m.userId] : [])));
    const groups = new Set(messages.flatMap((m) => (m.type === 'group' ? [m.groupId] : [])));
    expect(users.size).toBe(options.users);
    expect(groups.size).toBe(options.accounts);
    expect([...data.accountTraits()]).toHaveLength(options.accounts);
    const perUser = messages.length / options.users;
    expect(perUser).toBeGreaterThan(20);
    expect(perUser).toBeLessThan(200);
  });

  it('keeps every timestamp inside [end − days, end]', () => {
    const { startAt, endAt } = data.options;
    const outside = messages.filter((m) => {
      const t = Date.parse(m.timestamp);
      return t < startAt || t > endAt;
    });
    expect(outside).toEqual([]);
  });

  it('orders each person’s messages by time: anonymous pages, identify, then group and use', () => {
    const problems: string[] = [];
    const lastTime = new Map<string, number>();
    const identified = new Map<string, string>();
    const anonymousOf = new Map<string, string>();
    for (const m of messages) {
      const person = m.messageId.split('-')[1] ?? '';
      const t = Date.parse(m.timestamp);
      if (t < (lastTime.get(person) ?? 0)) problems.push(`${m.messageId} out of order`);
      lastTime.set(person, t);
      if (m.type === 'identify') {
        identified.set(person, m.userId);
        if (anonymousOf.has(person) && anonymousOf.get(person) !== m.anonymousId)
          problems.push(`${m.messageId} anon`);
      } else if (m.type === 'page' && m.anonymousId !== undefined && !identified.has(person)) {
        anonymousOf.set(person, m.anonymousId);
      } else if (m.type !== 'page' && identified.get(person) !== m.userId) {
        problems.push(`${m.messageId} (${m.type}) before identify`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('links a few second browsers with alias, after their anonymous page views', () => {
    const aliases = messages.filter((m) => m.type === 'alias');
    expect(aliases.length).toBeGreaterThan(options.users * 0.01);
    const firstSeen = new Map<string, number>();
    for (const m of messages) {
      if (m.type === 'page' && m.anonymousId !== undefined && !firstSeen.has(m.anonymousId)) {
        firstSeen.set(m.anonymousId, Date.parse(m.timestamp));
      }
    }
    for (const a of aliases) {
      if (a.type !== 'alias') continue;
      expect(firstSeen.get(a.previousId)).toBeLessThan(Date.parse(a.timestamp));
    }
  });

  it('has a few personal (free-mail) users who never join an account', () => {
    const grouped = new Set(messages.flatMap((m) => (m.type === 'group' ? [m.userId] : [])));
    const personal = messages.flatMap((m) =>
      m.type === 'identify' && /@(gmail|yahoo|outlook|hotmail|icloud|proton)\./.test(String(m.traits.email))
        ? [m.userId]
        : [],
    );
    expect(personal.length).toBeGreaterThan(options.users * 0.01);
    expect(personal.length).toBeLessThan(options.users * 0.06);
    expect(personal.filter((id) => grouped.has(id))).toEqual([]);
  });

  it('is busier on weekdays than at weekends', () => {
    const byWeekday = [0, 0, 0, 0, 0, 0, 0];
    for (const m of messages) {
      const day = new Date(m.timestamp).getUTCDay();
      byWeekday[day] = (byWeekday[day] ?? 0) + 1;
    }
    const [sunday = 0, , , wednesday = 0] = byWeekday;
    expect(wednesday).toBeGreaterThan(2 * sunday);
  });
});
