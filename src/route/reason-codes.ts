/**
 * Every reason a routing or escalation decision can give, with the status it goes with and its
 * meaning in plain words. Codes are stable: they are stored on qualifications and leads, and
 * tools may match on them. docs/routing.md lists them all (a test keeps it so).
 */
export const ROUTING_REASONS = {
  'do-not-contact': {
    status: 'suppressed',
    meaning: 'The e-mail address or its domain is on the do-not-contact list.',
  },
  competitor: {
    status: 'suppressed',
    meaning: "The lead's domain is a competitor's (or a subdomain of one).",
  },
  'personal-email': {
    status: 'suppressed',
    meaning: 'A free-mail address (gmail.com, …) and not a hand-raiser.',
  },
  'active-deal': {
    status: 'suppressed',
    meaning: 'The `active_deal` condition holds: sales is already on it.',
  },
  'recently-churned': {
    status: 'suppressed',
    meaning:
      'Churned within `churned.within` (outcome or date trait), or the `churned.when` condition holds.',
  },
  cooldown: {
    status: 'cooldown',
    meaning: 'Alerted within the cooldown period, and the tier has not risen since.',
  },
  'no-rule-matched': { status: 'no-alert', meaning: 'No rule’s `when` holds for this lead.' },
  'no-destinations': {
    status: 'no-alert',
    meaning: 'The matching rule sends nothing (`notify` and `digest` empty), such as self-serve.',
  },
  'no-routing': {
    status: 'alert',
    meaning: 'The file has no `routing:` section: every qualification alerts every destination.',
  },
  'first-alert': { status: 'alert', meaning: 'Alerted; the entity was never alerted before.' },
  'cooldown-over': { status: 'alert', meaning: 'Alerted; the last alert is older than the cooldown period.' },
  'tier-rose': {
    status: 'alert',
    meaning: 'Alerted within the cooldown period because the tier rose above the last alerted one.',
  },
} as const;

export type RoutingReason = keyof typeof ROUTING_REASONS;

export const ESCALATION_REASONS = {
  contacted: { status: 'none', meaning: 'The lead was contacted: the SLA clock stopped.' },
  'no-sla': { status: 'none', meaning: 'The lead has no SLA due time.' },
  'not-breached': { status: 'wait', meaning: 'The SLA due time is still ahead.' },
  'already-escalated': {
    status: 'none',
    meaning: 'The breach was escalated before; one escalation per lead.',
  },
  'rule-not-found': {
    status: 'none',
    meaning: 'The rule that routed the lead is no longer in the configuration.',
  },
  'no-escalation': { status: 'none', meaning: 'Breached, but the rule has no `escalate:`.' },
  'grace-period': { status: 'wait', meaning: 'Breached, and still within `escalate.after`.' },
  escalated: {
    status: 'escalate',
    meaning: 'Breached: re-routed and/or the escalation destinations alerted.',
  },
  'no-next-owner': {
    status: 'escalate',
    meaning:
      'Breached; nobody else in the team is below the cap, so the owner stays and only `notify` is alerted.',
  },
} as const;

export type EscalationReason = keyof typeof ESCALATION_REASONS;
