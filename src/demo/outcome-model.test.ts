/**
 * Outcomes follow behaviour: checked from the outside, on the messages and outcome rows the
 * generator emits, the way a backtest would see them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENTS } from './event-catalog.ts';
import { generateDemo } from './generate-demo.ts';
import type { OutcomeRow } from './outcome-model.ts';

interface AccountFacts {
  firstSeen: number;
  invites: number;
  pricingViews: number;
  demoAt: number | null;
}

function collect(seed: number): { facts: Map<string, AccountFacts>; outcomes: OutcomeRow[]; endAt: number } {
  const data = generateDemo({ users: 8000, accounts: 800, days: 60, seed });
  const accountOf = new Map<string, string>();
  const facts = new Map<string, AccountFacts>();
  for (const m of data.messages()) {
    if (m.type === 'group') {
      accountOf.set(m.userId, m.groupId);
      if (!facts.has(m.groupId))
        facts.set(m.groupId, {
          firstSeen: Date.parse(m.timestamp),
          invites: 0,
          pricingViews: 0,
          demoAt: null,
        });
    }
    const account = m.type === 'page' && m.userId === undefined ? undefined : accountOf.get(m.userId ?? '');
    const f = account === undefined ? undefined : facts.get(account);
    if (f === undefined) continue;
    if (m.type === 'track' && m.event === EVENTS.teammateInvited) f.invites++;
    if (m.type === 'track' && m.event === EVENTS.demoRequested) f.demoAt ??= Date.parse(m.timestamp);
    if (m.type === 'page' && m.properties.path === '/pricing') f.pricingViews++;
  }
  return { facts, outcomes: [...data.outcomes()], endAt: data.options.endAt };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

describe.each([1, 2])('outcomes for seed %i', (seed) => {
  let facts = new Map<string, AccountFacts>();
  let outcomes: OutcomeRow[] = [];
  let endAt = 0;
  const ids = (type: OutcomeRow['type']) =>
    new Set(outcomes.filter((o) => o.type === type).map((o) => o.entityId));
  beforeAll(() => {
    ({ facts, outcomes, endAt } = collect(seed));
  });

  it('wins 3–8 % of accounts', () => {
    const rate = ids('won').size / facts.size;
    expect(rate).toBeGreaterThanOrEqual(0.03);
    expect(rate).toBeLessThanOrEqual(0.08);
    expect(ids('lost').size).toBeGreaterThan(0);
  });

  it('records a funnel in order, after the account signed up and no later than the end', () => {
    const order = { contacted: 0, opportunity: 1, won: 2, lost: 2 };
    const byAccount = new Map<string, OutcomeRow[]>();
    for (const o of outcomes) byAccount.set(o.entityId, [...(byAccount.get(o.entityId) ?? []), o]);
    for (const [id, rows] of byAccount) {
      const first = facts.get(id)?.firstSeen ?? Number.POSITIVE_INFINITY;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const prev = rows[i - 1];
        if (row === undefined) continue;
        expect(row.timestamp).toBeGreaterThan(first);
        expect(row.timestamp).toBeLessThanOrEqual(endAt);
        if (prev !== undefined) {
          expect(order[row.type]).toBeGreaterThan(order[prev.type]);
          expect(row.timestamp).toBeGreaterThan(prev.timestamp);
        }
        if (row.type === 'won') expect(row.amount).toBeGreaterThan(0);
        if (row.type === 'contacted') expect(row.owner).toMatch(/@tinderbox\.example$/);
      }
    }
  });

  it('wins where teammates were invited and pricing was viewed more', () => {
    const won = [...ids('won')].map((id) => facts.get(id));
    const lost = [...ids('lost')].map((id) => facts.get(id));
    const others = [...facts.keys()]
      .filter((id) => !ids('won').has(id) && !ids('lost').has(id))
      .map((id) => facts.get(id));
    const invites = (list: readonly (AccountFacts | undefined)[]) => mean(list.map((f) => f?.invites ?? 0));
    const pricing = (list: readonly (AccountFacts | undefined)[]) =>
      mean(list.map((f) => f?.pricingViews ?? 0));
    expect(invites(won)).toBeGreaterThan(invites(lost));
    expect(invites(won)).toBeGreaterThan(1.5 * invites(others));
    expect(pricing(won)).toBeGreaterThan(pricing(lost));
  });

  it('contacts hand-raisers soon after they ask, and far more often than others', () => {
    const contacted = new Map(
      outcomes.filter((o) => o.type === 'contacted').map((o) => [o.entityId, o.timestamp]),
    );
    const raisers = [...facts].filter(([, f]) => f.demoAt !== null && f.demoAt < endAt - 2 * 86_400_000);
    const rest = [...facts].filter(([, f]) => f.demoAt === null);
    const share = (list: typeof raisers) =>
      list.filter(([id]) => contacted.has(id)).length / Math.max(1, list.length);
    expect(raisers.length).toBeGreaterThan(5);
    expect(share(raisers)).toBeGreaterThan(0.7);
    expect(share(raisers)).toBeGreaterThan(3 * share(rest));
  });
});
