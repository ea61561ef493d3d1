import { describe, expect, it } from 'vitest';
import { taskBody, taskSubject } from '../destinations/task-text.ts';
import { renderAlertEmail } from '../render/email.ts';
import { renderSlackMessage } from '../render/slack-blocks.ts';
import { renderWebhookPayload } from '../render/webhook-payload.ts';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { escalationAlert } from './escalation-alert.ts';

const DUE = Date.parse('2024-05-01T14:00:00Z');
const NOW = Date.parse('2024-05-01T15:00:00Z');
const jonas = { email: 'jonas@vendor.example', name: 'Jonas Berg', team: 'AE' };

const escalated = escalationAlert(sampleAlert(), {
  id: 'q_01HZX3-escalation',
  missedDueAt: DUE,
  newOwner: jonas,
  newDueAt: NOW + 4 * 3_600_000,
  now: NOW,
});
const HEADLINE =
  'SLA missed: Ada Lovelace (Analytical Engines) was due 2024-05-01 14:00 UTC, now reassigned to Jonas Berg (AE)';

describe('an SLA escalation', () => {
  it('is re-addressed with a next action a person can do, and a draft the new owner signs', () => {
    expect(escalated.owner).toEqual(jonas);
    expect(escalated.escalation).toEqual({
      missedDueAt: '2024-05-01T14:00:00.000Z',
      previousOwner: { email: 'sarah@vendor.example', name: 'Sarah Chen', team: 'AE' },
      reassigned: true,
    });
    expect(escalated.nextAction).toEqual({
      text: 'Contact Ada Lovelace at Analytical Engines today: the lead is yours now and its first contact is overdue.',
      dueAt: '2024-05-01T19:00:00.000Z',
    });
    expect(escalated.draft.body).toMatch(/\n\nJonas Berg$/);
  });

  it('says so first in every destination', () => {
    const slack = renderSlackMessage(escalated);
    expect(slack.blocks[0]).toMatchObject({ text: { text: `⏰ ${HEADLINE}` } });
    expect(slack.text).toBe(`⏰ ${HEADLINE}`);
    const email = renderAlertEmail(escalated);
    expect(email.subject).toBe(`[Kindling] ${HEADLINE}`);
    expect(email.text.startsWith(`${HEADLINE}\n`)).toBe(true);
    expect(email.html).toContain(`<h2>${HEADLINE}</h2>`);
    const webhook = renderWebhookPayload(escalated);
    expect(webhook.data.headline).toBe(HEADLINE);
    expect(webhook.data.escalation?.reassigned).toBe(true);
    expect(taskSubject(escalated)).toBe(HEADLINE);
    expect(taskBody(escalated, 'key').startsWith(`${HEADLINE}\nNext action: Contact Ada Lovelace`)).toBe(
      true,
    );
  });

  it('says the owner was kept, and never shows routing internals as the next action', () => {
    const kept = escalationAlert(sampleAlert(), {
      id: 'x',
      missedDueAt: DUE,
      newOwner: null,
      newDueAt: null,
      now: NOW,
    });
    const text = `${renderAlertEmail(kept).text}\n${JSON.stringify(renderSlackMessage(kept))}`;
    expect(text).toContain('was due 2024-05-01 14:00 UTC, still with Sarah Chen (AE)');
    expect(kept.nextAction?.text).toBe(
      'Contact Ada Lovelace at Analytical Engines today: the first contact is overdue.',
    );
    expect(text).not.toMatch(/round robin|open leads/);
  });
});
