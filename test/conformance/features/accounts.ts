/** Accounts: context.groupId, membership from its time (earlier events included), counted once, domains. */
import type { Dataset } from '../../../src/model/dataset.ts';
import {
  accountTrait,
  agg,
  anon,
  data,
  day,
  def,
  eq,
  ev,
  link,
  member,
  track,
  trait,
  userTrait,
} from '../build.ts';
import type { Fixture } from '../fixture.ts';

const membershipData = data({
  events: [
    track('u1', 'Login', day(1), {}, { groupId: 'acme' }),
    track('u2', 'Login', day(2)),
    track('u2', 'Login', day(3)),
    track('u3', 'Login', day(4), {}, { groupId: 'globex' }),
    track(anon('a5'), 'Login', day(2)),
    track('u5', 'Login', day(7)),
  ],
  memberships: [
    member('u1', 'acme', day(1)),
    member('u2', 'acme', day(10)),
    member('u3', 'acme', day(1)),
    member('a5', 'acme', day(3)),
    member('u4', 'hooli', day(10)),
  ],
  links: [link('a5', 'u5', day(6))],
  traits: [
    accountTrait('acme', 'industry', 'saas', null),
    accountTrait('initech', 'industry', 'fintech', null),
  ],
});

const membershipDefinition = def({
  entity: 'account',
  signals: { logins: ev('Login'), people: agg({ distinct: 'user' }), saas: trait('industry', eq('saas')) },
});

const domainData: Dataset = data({
  events: [
    track('u6', 'Login', day(1)),
    track('u11', 'Login', day(2)),
    track('u8', 'Login', day(3)),
    track('u6', 'Login', day(4), {}, { groupId: 'acme' }),
    track('u7', 'Login', day(1)),
    track('u9', 'Login', day(1)),
    track('u10', 'Login', day(1)),
    track('u12', 'Login', day(1)),
  ],
  memberships: [member('u8', 'acme', day(0))],
  traits: [
    userTrait('u6', 'email', 'Jo@Initech.COM', null),
    userTrait('u11', 'email', 'pat@initech.com', day(1)),
    userTrait('u7', 'email', 'x@gmail.com', null),
    userTrait('u8', 'email', 'y@initech.com', null),
    userTrait('u9', 'email', 'not-an-address', null),
    userTrait('u10', 'email', 'a@b@Umbrella.io', null),
    userTrait('u12', 'email', 'z@initech.com', day(20)),
  ],
});

const domainDefinition = def({
  entity: 'account',
  signals: { logins: ev('Login'), people: agg({ distinct: 'user' }) },
});

export const accountFixtures: Fixture[] = [
  {
    name: 'context.groupId plus members, membership judged at as_of, each event once',
    definition: membershipDefinition,
    dataset: membershipData,
    asOf: [day(5), day(9), day(10)],
    expect: [
      // Before a5 is linked to u5, the anonymous a5 is the member.
      {
        entityId: 'acme',
        asOf: day(5),
        signals: { logins: { holds: true, value: 3 }, people: { holds: true, value: 3 } },
      },
      {
        entityId: 'acme',
        asOf: day(9),
        signals: {
          // u1 (tagged and member: once), u3 (tagged globex, still a member), a5 and u5.
          logins: { holds: true, value: 4 },
          people: { holds: true, value: 3 },
          saas: { holds: true, value: 'saas' },
        },
      },
      // u2 joins on day 10 and brings its earlier events.
      {
        entityId: 'acme',
        asOf: day(10),
        signals: { logins: { holds: true, value: 6 }, people: { holds: true, value: 4 } },
      },
      { entityId: 'globex', asOf: day(9), signals: { logins: { holds: true, value: 1 } } },
      { entityId: 'hooli', asOf: day(9), present: false },
      { entityId: 'hooli', asOf: day(10), signals: { logins: { holds: false, value: 0 } } },
      { entityId: 'initech', asOf: day(9), signals: { saas: { holds: false, value: 'fintech' } } },
    ],
  },
  {
    name: 'domain accounts for users with no account, free mail excluded',
    definition: domainDefinition,
    dataset: domainData,
    options: { domainAccounts: true },
    asOf: [day(10)],
    expect: [
      {
        entityId: 'domain:initech.com',
        asOf: day(10),
        signals: { logins: { holds: true, value: 3 }, people: { holds: true, value: 2 } },
      },
      { entityId: 'acme', asOf: day(10), signals: { logins: { holds: true, value: 2 } } },
      { entityId: 'domain:gmail.com', asOf: day(10), present: false },
      { entityId: 'domain:umbrella.io', asOf: day(10), signals: { logins: { holds: true, value: 1 } } },
    ],
  },
  {
    name: 'no domain accounts unless enabled',
    definition: domainDefinition,
    dataset: domainData,
    asOf: [day(10)],
    expect: [
      { entityId: 'domain:initech.com', asOf: day(10), present: false },
      { entityId: 'acme', asOf: day(10), signals: { logins: { holds: true, value: 2 } } },
    ],
  },
];
