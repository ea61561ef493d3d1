/** A realistic alert (and failure notice) for tests, with overrides. */
import type { Alert, AlertReason } from '../alert.ts';
import type { DeliveryNotice } from '../delivery-notice.ts';

/** The why of issue 11's scenario (test/support/why-scenario.ts) as an alert carries it. */
export const DEMO_REASON: AlertReason = {
  signal: 'requested_demo',
  text: 'Requested a demo: Demo Requested ×1 in the last 30 days, last 1 minute ago',
  points: 0,
  kind: 'hand_raiser',
  label: 'Requested a demo',
  evidence: 'Demo Requested ×1 in the last 30 days, last 1 minute ago',
};

export const PERSONAL_EMAIL_DEDUCTION: AlertReason = {
  signal: 'personal_email',
  text: 'Personal e-mail address: email domain is "gmail.com"',
  points: -30,
  kind: 'negative',
  label: 'Personal e-mail address',
  evidence: 'email domain is "gmail.com"',
};

export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'q_01HZX3',
    workspaceId: 'ws_default',
    entityType: 'user',
    entityId: 'u_42',
    name: 'Ada Lovelace',
    company: 'Analytical Engines',
    email: 'ada@analytical.example',
    score: 82,
    tier: 'burning',
    previousTier: 'hot',
    handRaiser: false,
    definition: { name: 'pql', version: '7' },
    asOf: '2024-05-01T12:00:00.000Z',
    triggeringEvent: { event: 'Seat Limit Hit', at: '2024-05-01T11:59:30.000Z' },
    reasons: [
      {
        signal: 'seat_limit',
        text: 'Hit the seat limit: Seat Limit Hit ×1 in the last 7 days, last just now',
        points: 30,
        kind: 'positive',
        label: 'Hit the seat limit',
        evidence: 'Seat Limit Hit ×1 in the last 7 days, last just now',
      },
      {
        signal: 'invites',
        text: 'Teammate Invited ×5 in the last 7 days, last 2 days ago',
        points: 20,
        kind: 'positive',
        label: 'Teammate Invited',
        evidence: 'Teammate Invited ×5 in the last 7 days, last 2 days ago',
      },
    ],
    deductions: [],
    person: { name: 'Ada Lovelace', email: 'ada@analytical.example' },
    rule: 'burning',
    escalation: null,
    owner: { email: 'sarah@vendor.example', name: 'Sarah Chen', team: 'AE' },
    nextAction: { text: 'Personal e-mail within 4 hours', dueAt: '2024-05-01T16:00:00.000Z' },
    draft: {
      subject: 'Room to grow at Analytical Engines',
      body: 'Hi Ada,\n\nI noticed you hit the seat limit.',
    },
    leadUrl: 'https://kindling.example/leads/u_42',
    ...overrides,
  };
}

/** A failing-destination notice, as the failure monitor writes one. */
export function sampleNotice(overrides: Partial<DeliveryNotice> = {}): DeliveryNotice {
  return {
    id: 'inc_1:failing',
    kind: 'failing',
    destination: 'crm-sync',
    reason: 'failing',
    since: '2024-05-01T12:00:00.000Z',
    recoveredAt: null,
    lastStatus: 503,
    lastDetail: 'HTTP 503: down for maintenance',
    deadLetters: 0,
    pending: 4,
    ...overrides,
  };
}
