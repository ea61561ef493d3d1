import { describe, expect, it } from 'vitest';
import { DEMO_REASON, sampleAlert } from '../test-support/sample-alert.ts';
import { composeDraft } from './compose-draft.ts';
import {
  DEFAULT_TEMPLATES,
  draftMotion,
  draftTemplateSchema,
  draftTemplatesSchema,
  signalKind,
} from './draft-templates.ts';

describe('composeDraft', () => {
  it('names the triggering behaviour as a sentence, greets the person and signs as the owner', () => {
    const draft = composeDraft(sampleAlert());
    expect(draft.subject).toBe('Room to grow at Analytical Engines');
    expect(draft.body).toContain('Hi Ada,');
    expect(draft.body).toContain('I noticed you hit the seat limit today, which usually means');
    expect(draft.body).toMatch(/\n\nSarah Chen$/);
    expect(draft.body).not.toMatch(/\{[a-z_]+\}/);
  });

  it('prefers the reason about the triggering event over a stronger one', () => {
    const alert = sampleAlert({ triggeringEvent: { event: 'Teammate Invited', at: '2024-05-01T11:00:00Z' } });
    const draft = composeDraft(alert);
    expect(draft.body).toContain('I noticed you invited a teammate today.');
    expect(draft.subject).toContain('team');
  });

  it('uses a template the user set for the signal', () => {
    const draft = composeDraft(sampleAlert(), {
      seat_limit: { subject: 'Seats for {company}', body: '{first_name}, I saw {behaviour}: {evidence}.' },
    });
    expect(draft).toEqual({
      subject: 'Seats for Analytical Engines',
      body: 'Ada, I saw you hit the seat limit: Seat Limit Hit ×1 in the last 7 days, last just now.',
    });
  });

  it('falls back gracefully without name, company, owner or reasons', () => {
    const draft = composeDraft(
      sampleAlert({
        name: null,
        person: null,
        company: null,
        owner: null,
        reasons: [],
        triggeringEvent: { event: 'checkout_started', at: '2024-05-01T11:00:00Z' },
      }),
    );
    expect(draft.body).toContain('Hi there,');
    expect(draft.body).toContain('I noticed you started a checkout today');
    expect(draft.body).toContain('your company');
    expect(draft.body).toMatch(/\n\nYour account team$/);
  });

  it('greets the person behind an account lead’s trigger, never the company', () => {
    const alert = sampleAlert({
      entityType: 'account',
      entityId: 'acme',
      name: 'Acme',
      company: 'Acme',
      person: { name: 'Alice Martin', email: 'alice@acme.example' },
    });
    expect(composeDraft(alert).body).toMatch(/^Hi Alice,/);
    const nobody = composeDraft({ ...alert, person: null });
    expect(nobody.body).toMatch(/^Hi there,/);
    expect(nobody.body).toContain('I noticed your team hit the seat limit');
  });

  it('fits the routing rule’s motion: an expansion lead gets the expansion draft, signed by its CSM', () => {
    const alert = sampleAlert({
      rule: 'expansion',
      owner: { email: 'omar.haddad@vendor.example', name: null, team: 'CSM' },
      reasons: [
        {
          signal: 'api_keys',
          text: 'Created API keys: API Key Created ×3 in the last 7 days',
          points: 20,
          kind: 'positive',
          label: 'Created API keys',
          evidence: 'API Key Created ×3 in the last 7 days',
        },
      ],
      triggeringEvent: { event: 'API Key Created', at: '2024-05-01T11:00:00Z' },
    });
    const draft = composeDraft(alert);
    expect(draft.subject).toBe('Helping Analytical Engines grow with the product');
    expect(draft.body).toContain('Thank you for being a customer. I noticed you created API keys today');
    expect(draft.body).toMatch(/\n\nOmar Haddad$/);
    expect(draft.body).not.toContain('The team');
  });

  it('says "I saw you requested a demo" for a hand-raiser, and keeps scoring internals out', () => {
    const alert = sampleAlert({ handRaiser: true, reasons: [DEMO_REASON], rule: 'hand_raiser' });
    const draft = composeDraft(alert);
    expect(draft.subject).toBe('Following up on your request');
    expect(draft.body).toContain('I saw you requested a demo today, so');
    expect(`${draft.subject}\n${draft.body}`).not.toMatch(/requested_demo|score|tier|points|[✓✗$]/i);
  });

  it('makes a sentence of verb, state and noun labels alike', () => {
    const withLabel = (label: string, evidence: string) =>
      composeDraft(
        sampleAlert({
          triggeringEvent: null,
          reasons: [
            { signal: 's', text: `${label}: ${evidence}`, points: 10, kind: 'positive', label, evidence },
          ],
        }),
      ).body;
    expect(withLabel('Based in Europe', 'region is "eu"')).toContain(
      'I noticed you were based in Europe recently.',
    );
    expect(withLabel('Active on 14+ days', 'active on 15 days in the last 30 days')).toContain(
      'I noticed you were active on 14+ days recently.',
    );
    expect(withLabel('3+ active users', 'Report Viewed ×9 in the last 30 days')).toContain(
      'I noticed you viewed a report recently.',
    );
    expect(withLabel('Company of 100+ employees', 'company size is 250')).toContain(
      'I noticed you have been making good use of the product recently.',
    );
  });

  it('never sends the generic "want a demo?" and always names the behaviour', () => {
    for (const template of Object.values(DEFAULT_TEMPLATES)) {
      expect(template.body).not.toMatch(/demo\?/i);
      expect(draftTemplateSchema.safeParse(template).success).toBe(true);
    }
  });
});

describe('draft templates', () => {
  it('rejects templates that do not name the behaviour or use unknown placeholders', () => {
    const result = draftTemplatesSchema.safeParse({
      x: { subject: 'Hi {frist_name}', body: 'Want a demo? {signal}' },
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message).join('\n') ?? '';
    expect(messages).toContain('unknown placeholder {frist_name}');
    expect(messages).toContain('unknown placeholder {signal}');
    expect(messages).toContain('must name the behaviour');
  });

  it('recognises common kinds of signal', () => {
    expect(signalKind('demo_requested', '')).toBe('hand_raise');
    expect(signalKind('seat_limit', '')).toBe('limit');
    expect(signalKind('invites', 'Teammate Invited ×5')).toBe('team');
    expect(signalKind('pricing_views', '')).toBe('buying');
    expect(signalKind('api_keys', '')).toBe('integration');
    expect(signalKind('xyz', 'something')).toBe('other');
  });

  it('reads the motion from the rule and the owner’s team', () => {
    expect(draftMotion({ rule: 'expansion', team: null, handRaiser: true })).toBe('expansion');
    expect(draftMotion({ rule: 'burning', team: 'CSM', handRaiser: false })).toBe('expansion');
    expect(draftMotion({ rule: 'burning', team: 'AE', handRaiser: true })).toBe('hand_raise');
    expect(draftMotion({ rule: 'warm', team: null, handRaiser: false })).toBe('nurture');
    expect(draftMotion({ rule: 'usage_limit', team: null, handRaiser: false })).toBe('limit');
    expect(draftMotion({ rule: 'hot', team: 'SDR', handRaiser: false })).toBeNull();
  });
});
