/**
 * Whatever the definition's labels, event names, people and routing look like, every default
 * template gives grammatical English: each paragraph starts with a capital letter and each sentence
 * ends with punctuation, a clause after "I noticed"/"I saw" has its subject, no word is doubled, and
 * nothing of the machinery leaks (placeholders, undefined/null, signal ids, `$` names, marks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertReason } from '../alert.ts';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { composeDraft } from './compose-draft.ts';

const LABELS = [
  'Requested a demo',
  'Hit a seat or usage limit',
  'Started checkout',
  'Connected a data source (activated)',
  'Used a premium feature',
  'Visited pricing 3+ times',
  'Active on 14+ days',
  '3+ active users',
  'Existing paying customer (expansion)',
  'Company of 100+ employees',
  'SSO enabled',
  'Invited 5+ teammates.',
  'Viewed the pricing page',
  'Seat Limit Reached or Usage Limit Reached',
  'built a dashboard',
  'Red flag',
  'Need help',
  'Teammate Invited',
  'Based in Europe',
];
const EVENTS = [
  'Seat Limit Reached',
  'Demo Requested',
  'Teammate Invited',
  'checkout_started',
  'API Key Created',
  'Signed Up',
  'viewed the pricing page',
  '$page',
  '$screen',
  'dashboardBuilt',
  'x',
];
const word = fc.stringMatching(/^[A-Za-z][a-z]{1,9}$/);
const label = fc.oneof(
  fc.constantFrom(...LABELS),
  fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')),
);
const event = fc.oneof(
  fc.constantFrom(...EVENTS),
  fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
);
const signalId = fc.stringMatching(/^[a-z]{2,8}_[a-z]{2,8}(\.[1-3])?$/);

const reason: fc.Arbitrary<AlertReason> = fc
  .record({
    signal: signalId,
    label: fc.option(label, { nil: undefined }),
    event,
    count: fc.integer({ min: 1, max: 40 }),
    points: fc.integer({ min: -40, max: 60 }),
    kind: fc.constantFrom('hand_raiser', 'positive', 'negative', undefined),
  })
  .map(({ signal, label, event, count, points, kind }) => {
    const evidence = `${event} ×${count} in the last 30 days, last 2 days ago`;
    return {
      signal,
      text: label === undefined ? evidence : `${label}: ${evidence}`,
      points,
      ...(kind === undefined ? {} : { kind }),
      ...(label === undefined ? {} : { label, evidence }),
    };
  });

const personName = fc.constantFrom(
  null,
  'Alice',
  'alice martin',
  'Dr. Ada Lovelace',
  'bob@example.com',
  '  ',
  'user_42',
  'Zoë',
);
const owner = fc.option(
  fc.record({
    email: fc.constantFrom(null, 'omar.haddad@vendor.example', 'csm@vendor.example', 'jo@vendor.example'),
    name: fc.constantFrom(null, 'Sarah Chen', ''),
    team: fc.constantFrom(null, 'CSM', 'AE', 'SDR'),
  }),
  { nil: null },
);

const input = fc.record({
  entityType: fc.constantFrom('user', 'account'),
  name: personName,
  company: fc.constantFrom(null, 'Acme', 'Analytical Engines', 'acme.example'),
  person: fc.option(fc.record({ name: personName, email: fc.constantFrom(null, 'alice@acme.example') }), {
    nil: null,
  }),
  reasons: fc.array(reason, { maxLength: 4 }),
  trigger: fc.option(event, { nil: null }),
  triggerAt: fc.constantFrom('2024-05-01T11:59:00.000Z', '2024-04-20T09:00:00.000Z'),
  owner,
  rule: fc.constantFrom(null, 'expansion', 'hand_raiser', 'burning', 'hot', 'warm', 'usage_limit', 'nurture'),
  handRaiser: fc.boolean(),
});

const LEAKS = /undefined|null|NaN|[{}$✓✗]|\b[a-z]+_[a-z]+\b|\b\w+\.\d\b|\bscore\b|\bpoints?\b/;

function sentencesOf(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?])\s+/).filter((s) => s !== '');
}

describe('every draft reads as grammatical English', () => {
  it('holds for random labels, events, people, owners and motions', () => {
    fc.assert(
      fc.property(input, (facts) => {
        const alert = sampleAlert({
          entityType: facts.entityType,
          name: facts.name,
          company: facts.company,
          person: facts.person,
          reasons: facts.reasons,
          triggeringEvent: facts.trigger === null ? null : { event: facts.trigger, at: facts.triggerAt },
          owner: facts.owner,
          rule: facts.rule,
          handRaiser: facts.handRaiser,
        });
        const draft = composeDraft(alert);
        const ids = facts.reasons.map((r) => r.signal);
        for (const text of [draft.subject, draft.body]) {
          expect(text).not.toMatch(LEAKS);
          for (const id of ids) expect(text).not.toContain(id);
          expect(text).not.toMatch(/\s{3,}| ,| \./);
          expect(text).not.toMatch(/\b(\w+) \1\b/i);
        }
        expect(draft.subject).toMatch(/^[A-Z]/);
        expect(draft.subject).not.toMatch(/[\s,]$/);
        const paragraphs = draft.body.split('\n\n');
        expect(paragraphs[0]).toMatch(/^Hi ([A-Z][^\s,.]*|there),$/);
        const signOff = paragraphs.at(-1) ?? '';
        expect(signOff).toMatch(/^[A-Z]/);
        for (const paragraph of paragraphs.slice(1, -1)) {
          for (const sentence of sentencesOf(paragraph)) {
            expect(sentence).toMatch(/^[A-Z]/);
            expect(sentence).toMatch(/[.!?]$/);
          }
        }
        for (const [, next] of draft.body.matchAll(/\bI (?:noticed|saw) (\S+)/g)) {
          expect(['you', 'your']).toContain(next);
        }
      }),
      { numRuns: 400 },
    );
  });
});
