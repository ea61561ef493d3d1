import { describe, expect, it } from 'vitest';
import { accountTrait, DAY, data, day, member, track, userTrait } from '../../test/conformance/build.ts';
import { WHY_AS_OF, whyDataset, whyReceipt } from '../../test/support/why-scenario.ts';
import { buildAlert, triggerPerson } from './build-alert.ts';
import { entityContact } from './entity-contact.ts';
import type { RouteDecision } from './routing-port.ts';

const decision: RouteDecision = {
  rule: 'hand_raiser',
  status: 'alert',
  reason: 'first-alert',
  detail: 'round robin in AE: maya@vendor.example has 0 open leads, the fewest',
  owner: { email: 'maya@vendor.example', name: 'Maya Reed', team: 'AE' },
  assignment: 'round-robin',
  destinations: ['sales-slack'],
  digestDestinations: [],
  slaDueAt: WHY_AS_OF + 4 * 3_600_000,
  nextAction: 'Call today',
};

/** The user's own neighbourhood, as the engine reads it. */
const only = (id: string) => ({
  ...whyDataset,
  events: whyDataset.events.filter((e) => e.userId === id),
  traits: whyDataset.traits.filter((t) => t.entityId === id),
});

describe('buildAlert', () => {
  it('leads a hand-raiser alert with the hand-raising and its evidence, and drafts a reply to it', () => {
    const receipt = whyReceipt('u2');
    const alert = buildAlert({
      id: 'q1',
      workspaceId: 'w',
      definition: { name: 'why-scenario', version: 'v1' },
      receipt,
      previousTier: 'low',
      trigger: { event: 'Demo Requested', at: WHY_AS_OF - 60_000, committedAt: WHY_AS_OF },
      contact: entityContact(only('u2'), 'user', 'u2'),
      decision,
      baseUrl: null,
      data: only('u2'),
    });
    expect(alert.reasons[0]).toMatchObject({ kind: 'hand_raiser', label: 'Requested a demo', points: 0 });
    expect(alert.draft.body).toContain('I saw you requested a demo recently, so');
    expect(alert.rule).toBe('hand_raiser');
  });

  it('carries what took points away apart from the reasons', () => {
    const alert = buildAlert({
      id: 'q2',
      workspaceId: 'w',
      definition: { name: 'why-scenario', version: 'v1' },
      receipt: whyReceipt('u1'),
      previousTier: 'low',
      trigger: null,
      contact: entityContact(only('u1'), 'user', 'u1'),
      decision,
      baseUrl: null,
    });
    expect(alert.deductions?.map((d) => [d.text, d.points])).toEqual([
      ['Personal e-mail address: email domain is "gmail.com"', -30],
    ]);
    expect(alert.reasons.every((r) => r.points >= 0)).toBe(true);
  });
});

describe('triggerPerson', () => {
  const at = day(10);
  const account = data({
    events: [
      track('bob', 'Report Viewed', at - DAY, {}, { groupId: 'acme' }),
      track('alice', 'Seat Limit Reached', at - 60_000, {}, { groupId: 'acme' }),
      track('bob', 'Report Viewed', at - 30_000, {}, { groupId: 'acme' }),
    ],
    traits: [
      accountTrait('acme', 'name', 'Acme', null),
      userTrait('alice', 'first_name', 'Alice', null),
      userTrait('alice', 'last_name', 'Martin', null),
      userTrait('alice', 'email', 'alice@acme.example', null),
      userTrait('bob', 'name', 'Bob Stone', null),
      userTrait('bob', 'email', 'bob@acme.example', null),
    ],
  });

  it('is a member of the account: a user outside it is never named', () => {
    const workspace = data({
      events: [
        ...account.events,
        track('eve', 'Report Viewed', at, {}),
        track('dan', 'Report Viewed', at - 10_000, {}),
      ],
      memberships: [member('dan', 'acme', at - DAY)],
      traits: [
        ...account.traits,
        userTrait('eve', 'name', 'Eve Other', null),
        userTrait('dan', 'name', 'Dan Member', null),
      ],
    });
    expect(triggerPerson(workspace, 'acme', null)?.name).toBe('Dan Member');
    const byDomain = data({
      events: [track('carol', 'Report Viewed', at), track('eve', 'Report Viewed', at + 1)],
      traits: [
        userTrait('carol', 'email', 'carol@globex.example', null),
        userTrait('eve', 'email', 'eve@gmail.com', null),
      ],
    });
    expect(triggerPerson(byDomain, 'domain:globex.example', null)).toEqual({
      name: null,
      email: 'carol@globex.example',
    });
  });

  it('is the member whose event was the trigger, not the company or the latest member', () => {
    const trigger = { event: 'Seat Limit Reached', at: at - 60_000, committedAt: at };
    expect(triggerPerson(account, 'acme', trigger)).toEqual({
      name: 'Alice Martin',
      email: 'alice@acme.example',
    });
    expect(triggerPerson(account, 'acme', null)).toEqual({ name: 'Bob Stone', email: 'bob@acme.example' });
  });
});
