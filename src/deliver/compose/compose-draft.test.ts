import { describe, expect, it } from 'vitest';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { composeDraft } from './compose-draft.ts';
import {
  DEFAULT_TEMPLATES,
  draftTemplateSchema,
  draftTemplatesSchema,
  signalKind,
} from './draft-templates.ts';

describe('composeDraft', () => {
  it('names the triggering behaviour with its evidence, the person and the company', () => {
    const draft = composeDraft(sampleAlert());
    expect(draft.subject).toBe('Room to grow at Analytical Engines');
    expect(draft.body).toContain('Hi Ada,');
    expect(draft.body).toContain('hit the seat limit (Seat Limit Hit ×1 in the last 7 days, last just now)');
    expect(draft.body).toContain('Sarah Chen');
    expect(draft.body).not.toMatch(/\{[a-z_]+\}/);
  });

  it('prefers the reason about the triggering event over a stronger one', () => {
    const alert = sampleAlert({ triggeringEvent: { event: 'Teammate Invited', at: '2024-05-01T11:00:00Z' } });
    const draft = composeDraft(alert);
    expect(draft.body).toContain('Teammate Invited ×5 in the last 7 days');
    expect(draft.subject).toContain('team');
  });

  it('uses a template the user set for the signal', () => {
    const draft = composeDraft(sampleAlert(), {
      seat_limit: { subject: 'Seats for {company}', body: '{first_name}, about {behaviour}: {evidence}.' },
    });
    expect(draft).toEqual({
      subject: 'Seats for Analytical Engines',
      body: 'Ada, about hit the seat limit: Seat Limit Hit ×1 in the last 7 days, last just now.',
    });
  });

  it('falls back gracefully without name, company, owner or reasons', () => {
    const draft = composeDraft(
      sampleAlert({
        name: null,
        company: null,
        owner: null,
        reasons: [],
        triggeringEvent: { event: 'checkout_started', at: '2024-05-01T11:00:00Z' },
      }),
    );
    expect(draft.body).toContain('Hi there,');
    expect(draft.body).toContain('checkout started');
    expect(draft.body).toContain('your team');
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
      x: { subject: 'Hi {frist_name}', body: 'Want a demo?' },
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message).join('\n') ?? '';
    expect(messages).toContain('unknown placeholder {frist_name}');
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
});
