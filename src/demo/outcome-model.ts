/**
 * What sales made of an account, decided after its behaviour and depending on it (noisily):
 * hand-raisers are contacted within hours, accounts showing three commercial signals often
 * within a day, a few others by cold outbound. Keen accounts turn into opportunities and wins more often.
 * Self-serve checkouts that complete are wins without a sales touch. Anything that would happen
 * after the window's end has not happened yet, so it is left out.
 */

import type { Member } from './account-plan.ts';
import type { AccountProfile } from './account-profile.ts';
import type { BuyingSummary } from './buying-signals.ts';
import { DAY_MS, type ResolvedDemoOptions } from './demo-options.ts';
import { EVENTS } from './event-catalog.ts';
import type { Rng } from './prng.ts';
import { track } from './segment-message.ts';
import { FIRST_NAMES, LAST_NAMES, SALES_REPS } from './vocabulary.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export type OutcomeType = 'contacted' | 'opportunity' | 'won' | 'lost';

export interface OutcomeRow {
  readonly entityType: 'account';
  readonly entityId: string;
  readonly type: OutcomeType;
  readonly amount?: number;
  readonly owner?: string;
  /** Epoch ms. */
  readonly timestamp: number;
}

export function planOutcomes(input: {
  options: ResolvedDemoOptions;
  account: AccountProfile;
  members: readonly Member[];
  buying: BuyingSummary;
  intent: number;
  rng: Rng;
}): OutcomeRow[] {
  const { options, account, members, buying, intent: u, rng } = input;
  const end = options.endAt;
  const owner =
    account.crmOwnerEmail ?? SALES_REPS[account.index % SALES_REPS.length] ?? 'sales@tinderbox.example';
  const outcomes: OutcomeRow[] = [];
  const record = (type: OutcomeType, timestamp: number, extra: { amount?: number; owner?: string } = {}) => {
    outcomes.push({ entityType: 'account', entityId: account.id, type, ...extra, timestamp });
  };
  const champion = members[0];
  if (champion === undefined) return outcomes;
  const seats = Math.max(3, members.length);

  if (buying.checkoutAt !== null && rng.chance(0.3 + 0.35 * u)) {
    const wonAt = buying.checkoutAt + 2 * MINUTE_MS + rng.exponential(20 * MINUTE_MS);
    if (wonAt <= end) {
      const amount = seats * 480;
      record('won', wonAt, account.crmOwnerEmail === null ? { amount } : { amount, owner });
      upgrade({ champion, account, at: wonAt, amount, seats, end });
      // The invitations the seat limit blocked go out as soon as the seats are bought.
      pilotInvites({
        members,
        domain: account.domain,
        from: wonAt + HOUR_MS,
        to: Math.min(end, wonAt + DAY_MS),
        rng,
      });
      return outcomes;
    }
  }

  const triggers: number[] = [];
  if (buying.demoAt !== null && rng.chance(0.92))
    triggers.push(buying.demoAt + 10 * MINUTE_MS + rng.exponential(5 * HOUR_MS));
  if (buying.signalsAt !== null && rng.chance(0.15 + 0.4 * u)) {
    triggers.push(buying.signalsAt + HOUR_MS + rng.exponential(DAY_MS));
  }
  // Cold outbound: noise that has nothing to do with behaviour.
  if (rng.chance(account.crmOwnerEmail === null ? 0.04 : 0.12)) {
    triggers.push(champion.joinAt + rng.next() * (end - champion.joinAt));
  }
  const contactedAt = Math.min(...triggers, Number.POSITIVE_INFINITY);
  if (contactedAt > end) return outcomes;
  record('contacted', contactedAt, { owner });

  // Deals go further where the product shows traction, not only where intent hides.
  const traction = Math.log1p(buying.strongSignals);
  if (!rng.chance(Math.min(0.95, 0.12 + 0.5 * u + 0.03 * traction + (buying.demoAt === null ? 0 : 0.15)))) {
    return outcomes;
  }
  const openedAt = contactedAt + DAY_MS + rng.exponential(4 * DAY_MS);
  if (openedAt > end) return outcomes;
  const amount = dealAmount(account, seats, rng);
  record('opportunity', openedAt, { amount, owner });

  const wins = rng.chance(Math.min(0.9, Math.max(0.02, 0.15 * u + 0.16 * (traction - 1.5))));
  const closedAt =
    openedAt + (wins ? 5 * DAY_MS + rng.exponential(15 * DAY_MS) : 3 * DAY_MS + rng.exponential(12 * DAY_MS));
  // The pilot widens while the deal is open, whether or not it has closed by the window's end.
  if (wins)
    pilotInvites({ members, domain: account.domain, from: openedAt, to: Math.min(closedAt, end), rng });
  if (closedAt > end) return outcomes;
  if (wins) {
    record('won', closedAt, { amount, owner });
    upgrade({ champion, account, at: closedAt + HOUR_MS, amount, seats, end });
  } else {
    record('lost', closedAt, { owner });
  }
  return outcomes;
}

/**
 * A deal that is going to close shows it first: during the evaluation the team widens the pilot
 * and invites more colleagues. Deals that will be lost stall instead.
 */
function pilotInvites(input: {
  members: readonly Member[];
  domain: string;
  from: number;
  to: number;
  rng: Rng;
}): void {
  const { members, domain, from, to, rng } = input;
  const count = 2 + rng.poisson(1 + 0.3 * members.length);
  for (let i = 0; i < count; i++) {
    const at = from + rng.next() * (to - from);
    if (at > to) continue;
    const joined = members.filter((m) => m.joinAt < at);
    const inviter = joined.length === 0 ? undefined : rng.pick(joined);
    const email = `${rng.pick(FIRST_NAMES).toLowerCase()}.${rng.pick(LAST_NAMES).toLowerCase()}@${domain}`;
    inviter?.drafts.push(
      track(at, EVENTS.teammateInvited, { role: rng.pick(['viewer', 'editor']), invitee_email: email }),
    );
  }
}

/** Annual contract value: seats times list price, bigger companies buy for more of their people. */
function dealAmount(account: AccountProfile, seats: number, rng: Rng): number {
  const enterprise = account.companySize >= 500 || account.plan === 'enterprise';
  const bought = Math.max(seats, Math.round(account.companySize * 0.1 * Math.exp(0.4 * rng.normal())));
  const price = enterprise ? 900 : 480;
  return Math.max(1000, Math.round((Math.min(bought, 2000) * price) / 100) * 100);
}

/** A win shows in the product too: the plan changes, an invoice is paid, the account is re-grouped. */
function upgrade(input: {
  champion: Member;
  account: AccountProfile;
  at: number;
  amount: number;
  seats: number;
  end: number;
}): void {
  const { champion, account, at, amount, seats, end } = input;
  const toPlan = account.plan === 'team' || account.companySize >= 500 ? 'enterprise' : 'team';
  if (at > end) return;
  champion.drafts.push(
    track(at, EVENTS.planUpgraded, {
      from_plan: account.plan,
      to_plan: toPlan,
      seats,
      mrr: Math.round(amount / 12),
    }),
  );
  champion.drafts.push(track(at + 5 * MINUTE_MS, EVENTS.invoicePaid, { amount, currency: 'USD' }));
  champion.drafts.push({ at: at + 6 * MINUTE_MS, kind: 'group', traits: { plan: toPlan, seats } });
}
