import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../load-definition.ts';
import { definitionVersion } from '../output/version.ts';
import { HEADER, load, only, places, unindent } from '../testing.ts';

/** Tiers and two destinations; the routing under test starts on line 8. */
const BASE = `tiers: { cold: 0, warm: 26, hot: 51, burning: 76 }
destinations:
  slack: { kind: slack, webhook_url_env: SLACK_URL }
  mail: { kind: email, host: smtp.example.com, from: pql@vendor.example }
`;
const routing = (text: string) => load(`${BASE}routing:\n${unindent(text).replace(/^/gm, '  ')}`);
const errors = (result: ReturnType<typeof load>) =>
  places({ ...result, problems: result.problems.filter((p) => p.severity === 'error') });

describe('routing', () => {
  it('builds a RoutingConfig beside the IR, with defaults, and leaves the scoring version alone', () => {
    const result = routing(`
      teams: { ae: { members: [a@vendor.example] } }
      rules:
        - { name: burning, when: { tier: burning }, owner: ae, notify: [slack], digest: [mail], sla: 4h }
    `);
    expect(result.problems).toEqual([]);
    expect(result.routing).toMatchObject({
      timezone: 'UTC',
      dayEndsAt: 18 * 60,
      digestAt: 9 * 60,
      cooldownMs: 14 * 86_400_000,
      tierOrder: ['cold', 'warm', 'hot', 'burning'],
      suppress: {
        doNotContact: true,
        competitors: [],
        personalEmail: false,
        activeDeal: null,
        churned: null,
      },
      rules: [
        {
          name: 'burning',
          when: { kind: 'tier', tiers: ['burning'] },
          owner: { kind: 'team', team: 'ae' },
          notify: ['slack'],
          digest: ['mail'],
          sla: { kind: 'duration', ms: 4 * 3_600_000 },
          nextAction: null,
          escalate: null,
        },
      ],
    });
    expect(Object.isFrozen(result.routing?.rules[0])).toBe(true);
    const without = load('tiers: { cold: 0, warm: 26, hot: 51, burning: 76 }\n');
    expect(result.ir).not.toBeNull();
    expect(definitionVersion(result.ir ?? without.ir ?? fail())).toBe(
      definitionVersion(without.ir ?? fail()),
    );
    expect(without.routing).toBeNull();
  });

  it('a rule naming an unknown destination is an error at the name, with did-you-mean', () => {
    const result = routing(`
      rules:
        - { name: hot, when: { tier: hot }, notify: [slak] }
    `);
    const problem = only(result, 'undefined-destination');
    expect(problem).toMatchObject({ line: 10, col: 50, hint: 'Did you mean `slack`?' });
    expect(problem.message).toBe('destination `slak` is not defined; defined destinations: slack, mail');
    // `slack`, the one meant, is not also reported unused; `mail` is.
    expect(result.problems.filter((p) => p.code === 'unused-destination').map((p) => p.line)).toEqual([7]);
    expect(result.ir).toBeNull();
    expect(result.routing).toBeNull();
  });

  it('bad durations: SLA, cooldown, escalate.after', () => {
    const result = routing(`
      cooldown: 2 weeks
      rules:
        - name: hot
          sla: 4hours
          notify: [slack]
          escalate: { after: 0h, notify: [mail] }
    `);
    expect(places(result)).toEqual(['bad-duration@9:13', 'bad-duration@12:12', 'bad-duration@14:26']);
    expect(result.problems[1]?.message).toBe(
      '`sla` expects a duration such as 4h or 24h, same_day, or business time such as 4 business hours or 1 business day, found string "4hours"',
    );
  });

  it('unknown keys at every level, with the keys expected and a did-you-mean', () => {
    const result = routing(`
      cooldwn: 14d
      teams:
        ae: { members: [a@vendor.example], max_opn: 3 }
      rules:
        - { name: hot, when: { tier: hot, hand_raisr: true }, notfy: [slack] }
    `);
    expect(errors(result)).toEqual([
      'unknown-key@9:3',
      'unknown-key@11:40',
      'unknown-key@13:39',
      'unknown-key@13:59',
    ]);
    expect(result.problems.filter((p) => p.severity === 'error').map((p) => p.hint)).toEqual([
      'Did you mean `cooldown`?',
      'Did you mean `max_open`?',
      'Did you mean `hand_raiser`?',
      'Did you mean `notify`?',
    ]);
  });

  it('unknown teams and tiers, duplicate and unreachable rules', () => {
    const result = routing(`
      teams: { ae: { members: [a@vendor.example] } }
      rules:
        - { name: hot, when: { tier: [hot, burnin] }, owner: ea, notify: [slack] }
        - { name: everyone, notify: [mail] }
        - { name: hot, when: { tier: warm }, notify: [slack] }
    `);
    expect(places(result)).toEqual([
      'undefined-tier@11:40',
      'undefined-team@11:58',
      'duplicate-rule@13:15',
      'unreachable-rule@13:15',
    ]);
    expect(result.problems[0]?.hint).toBe('Did you mean `burning`?');
    expect(result.problems[1]?.hint).toBe('Did you mean `ae`?');
    expect(result.problems[3]).toMatchObject({ severity: 'warning' });
    expect(result.problems[3]?.message).toContain('rule `everyone` before it matches every lead');
  });

  it('owners: one form each; trait comparisons take one operator; escalation needs an SLA', () => {
    const result = routing(`
      rules:
        - name: a
          owner: { trait: crm_owner, email: x@vendor.example }
          when: { traits: { plan: { in: [team], eq: free } } }
          notify: [slack]
          escalate: { to: next_in_team }
    `);
    expect(errors(result)).toEqual([
      'missing-key@10:7',
      'conflicting-forms@11:34',
      'comparison-mismatch@12:45',
    ]);
    expect(result.problems[1]?.message).toBe('rule `a` escalates on an SLA breach but has no `sla`');
  });

  it('suppression: competitor domains from a list, conditions, churn', () => {
    const result = load(`
      lists:
        rivals: [Rival.example, "@other.example"]
      ${BASE.replace(/\n/g, '\n      ')}routing:
        suppress:
          competitors: $rivals
          personal_email: true
          active_deal: { traits: { account.deal_open: true } }
          churned: { within: 90d, date_trait: churned_at }
        rules: [{ name: all, notify: [slack, mail] }]
    `);
    expect(result.problems).toEqual([]);
    expect(result.routing?.suppress).toEqual({
      doNotContact: true,
      competitors: ['rival.example', 'other.example'],
      personalEmail: true,
      activeDeal: { kind: 'trait', trait: 'account.deal_open', comparison: { op: 'eq', value: true } },
      churned: { withinMs: 90 * 86_400_000, dateTrait: 'churned_at', when: null },
    });
    const bad = routing(`
      suppress: { competitors: [rival.example, "https://x.example/"], churned: { date_trait: x } }
      rules: [{ name: all, notify: [slack, mail] }]
    `);
    expect(places(bad)).toEqual(['bad-value@9:44', 'missing-key@9:67']);
  });

  it('time zone, times of day, team fallback cycles', () => {
    const result = routing(`
      timezone: Europe/Pariss
      day_ends_at: "6pm"
      teams:
        a: { members: [a@vendor.example], max_open: 1, when_full: b }
        b: { members: [b@vendor.example], max_open: 1, when_full: { trait: owner, otherwise: a } }
      rules:
        - { name: all, owner: a, notify: [mail], digest: [slack] }
    `);
    expect(places(result)).toEqual(['bad-time-zone@9:13', 'bad-value@10:16', 'team-fallback-cycle@12:63']);
    expect(result.problems[2]?.message).toContain('a → b → a');
  });

  it('canonical time zone names; same_day; escalation targets', () => {
    const result = routing(`
      timezone: europe/paris
      teams: { ae: { members: [a@vendor.example, b@vendor.example] } }
      rules:
        - name: all
          owner: ae
          notify: [slack]
          sla: same_day
          escalate: { after: 30m, to: { email: Boss@Vendor.example, name: Boss }, notify: [mail], sla: 2h }
    `);
    expect(result.problems).toEqual([]);
    expect(result.routing?.timezone).toBe('Europe/Paris');
    expect(result.routing?.rules[0]).toMatchObject({
      sla: { kind: 'same_day' },
      escalate: {
        afterMs: 30 * 60_000,
        to: {
          kind: 'owner',
          owner: { kind: 'person', owner: { email: 'boss@vendor.example', name: 'Boss', team: null } },
        },
        notify: ['mail'],
        sla: { kind: 'duration', ms: 2 * 3_600_000 },
      },
    });
  });

  it('is required to have rules, and reports a routing section that is not a map', () => {
    expect(places(routing('timezone: UTC'))).toEqual([
      'unused-destination@6:3',
      'unused-destination@7:3',
      'missing-key@8:1',
    ]);
    const notMap = loadDefinition(`${HEADER}routing: [a]\n`, 'x.yml');
    expect(places(notMap)).toEqual(['bad-value-type@4:10']);
  });
});

function fail(): never {
  throw new Error('expected an IR');
}
