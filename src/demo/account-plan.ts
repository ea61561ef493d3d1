/**
 * One account's story, planned before any message is written: who joins when and who invited
 * them, the buying signals, and the sales outcomes those signals led to. Planning is cheap (a few
 * dozen draws per member), so `messages()` and `outcomes()` each re-plan an account on demand
 * instead of holding plans for every account.
 */
import type { AccountProfile } from './account-profile.ts';
import { type BuyingSummary, planBuyingSignals } from './buying-signals.ts';
import { DAY_MS, type ResolvedDemoOptions } from './demo-options.ts';
import { EVENTS } from './event-catalog.ts';
import { type Person, person } from './identity.ts';
import { type OutcomeRow, planOutcomes } from './outcome-model.ts';
import type { Population } from './population.ts';
import { type Rng, rngFor, STREAM } from './prng.ts';
import { type Draft, track } from './segment-message.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface Member extends Person {
  readonly ordinal: number;
  readonly joinAt: number;
  /** How much more (or less) than the account's norm this person uses the product. */
  readonly engagement: number;
  /** After this the person stops using the product. */
  readonly activeUntil: number;
  /** Planned actions (onboarding, invites, buying signals, upgrades); everyday use is added later. */
  readonly drafts: Draft[];
}

export interface AccountPlan {
  /** Null for a personal (free-mail) sign-up with no account. */
  readonly account: AccountProfile | null;
  readonly intent: number;
  /** When the account reached its activation milestone, if it did within the window. */
  readonly activatedAt: number | null;
  /** Whether the account's app attaches `context.groupId` to its calls. */
  readonly sendsGroupContext: boolean;
  readonly members: readonly Member[];
  readonly outcomes: readonly OutcomeRow[];
  readonly buying: BuyingSummary;
}

/** Seats included in each plan; inviting beyond them fires `Seat Limit Reached`. */
const SEAT_LIMITS: Readonly<Record<string, number>> = { free: 5, trial: 10, team: 25 };

export function planAccount(
  options: ResolvedDemoOptions,
  population: Population,
  index: number,
): AccountPlan {
  const account = population.accounts[index];
  if (account === undefined) throw new RangeError(`no account ${index}`);
  const rng = rngFor(options.seed, STREAM.members, index);
  const start = options.startAt + account.startDay * DAY_MS;
  const u = account.intent;
  const activatedAt = rng.chance(0.1 + 0.8 * u)
    ? start + HOUR_MS + rng.exponential((3 * DAY_MS) / (0.3 + u))
    : null;
  const members = planMembers({
    options,
    account,
    rng,
    start,
    count: population.memberCounts[index] ?? 0,
    firstUser: population.firstUser[index] ?? 0,
  });
  return finishPlan({ options, account, intent: u, rng, members, activatedAt, index });
}

/** A personal sign-up: one person, no account, shallower on average than a company. */
export function planSoloUser(options: ResolvedDemoOptions, userIndex: number): AccountPlan {
  const rng = rngFor(options.seed, STREAM.freeMail, userIndex);
  const who = person({ seed: options.seed, userIndex, domain: null, taken: new Set() });
  const joinAt = options.startAt + rng.between(0, 0.95) * options.days * DAY_MS;
  const u = rng.next() ** 3;
  const member = newMember({ who, ordinal: 0, joinAt, rng, intent: u, customer: false });
  const activatedAt = rng.chance(0.05 + 0.6 * u) ? joinAt + rng.exponential(2 * DAY_MS) : null;
  // Negative stream indexes keep solo users' signal and outcome streams apart from accounts'.
  return finishPlan({
    options,
    account: null,
    intent: u,
    rng,
    members: [member],
    activatedAt,
    index: -1 - userIndex,
  });
}

function finishPlan(input: {
  options: ResolvedDemoOptions;
  account: AccountProfile | null;
  rng: Rng;
  members: Member[];
  activatedAt: number | null;
  intent: number;
  index: number;
}): AccountPlan {
  const { options, account, members, intent, index } = input;
  const activatedAt =
    input.activatedAt !== null && input.activatedAt < options.endAt ? input.activatedAt : null;
  const sendsGroupContext = account !== null && input.rng.chance(0.6);
  const signalRng = rngFor(options.seed, STREAM.signals, index);
  const buying = planBuyingSignals({ options, account, members, intent, activatedAt, rng: signalRng });
  const outcomeRng = rngFor(options.seed, STREAM.outcomes, index);
  const outcomes =
    account === null ? [] : planOutcomes({ options, account, members, buying, intent, rng: outcomeRng });
  return { account, intent, activatedAt, sendsGroupContext, members, buying, outcomes };
}

function planMembers(input: {
  options: ResolvedDemoOptions;
  account: AccountProfile;
  rng: Rng;
  start: number;
  count: number;
  firstUser: number;
}): Member[] {
  const { options, account, rng, start, count, firstUser } = input;
  const end = options.endAt;
  const u = account.intent;
  const taken = new Set<string>();
  const members: Member[] = [];
  if (count === 0) return members;
  // Keen accounts spread the team out over the window; lukewarm ones add people early, then stall.
  const shape = 1 + 1.5 * (1 - u);
  const joins = Array.from({ length: count - 1 }, () => start + (end - start) * rng.next() ** shape).sort(
    (a, b) => a - b,
  );
  const limit = SEAT_LIMITS[account.plan];
  const seed = options.seed;
  const customer = account.customer;
  const champion = person({ seed, userIndex: firstUser, domain: account.domain, taken });
  members.push(newMember({ who: champion, ordinal: 0, joinAt: start, rng, intent: u, customer }));
  for (let k = 1; k < count; k++) {
    const who = person({ seed, userIndex: firstUser + k, domain: account.domain, taken });
    const wanted = joins[k - 1] ?? start;
    const inviter = pickInviter(members, wanted, rng);
    const invitedAt = Math.min(
      end - 10 * MINUTE_MS,
      Math.max(inviter.joinAt + 10 * MINUTE_MS, wanted - rng.exponential(8 * HOUR_MS)),
    );
    const joinAt = Math.min(
      end - MINUTE_MS,
      Math.max(wanted, invitedAt + 5 * MINUTE_MS + rng.exponential(2 * HOUR_MS)),
    );
    // The first invite past the plan's seats hits the wall; later ones only sometimes (admins add seats).
    if (limit !== undefined && (k === limit || (k > limit && rng.chance(0.25)))) {
      inviter.drafts.push(track(invitedAt - 30_000, EVENTS.seatLimitReached, { seats: k, limit }));
    }
    inviter.drafts.push(
      track(invitedAt, EVENTS.teammateInvited, { role: who.role, invitee_email: who.email }),
    );
    const member = newMember({ who, ordinal: k, joinAt, rng, intent: u, customer });
    member.drafts.push(track(joinAt + 3_000, EVENTS.inviteAccepted, { inviter_id: inviter.userId }));
    members.push(member);
  }
  // Invitations nobody accepted: intent shows in invites even when the team stays small.
  const unanswered = rng.poisson(3 * u * u);
  for (let i = 0; i < unanswered; i++) {
    const at = start + rng.next() * (end - start);
    const inviter = pickInviter(members, at, rng);
    const when = Math.max(at, inviter.joinAt + 20 * MINUTE_MS);
    if (when < end) {
      const email = `${rng.pick(['ops', 'finance', 'team', 'data', 'cto'])}${i === 0 ? '' : i}@${account.domain}`;
      inviter.drafts.push(track(when, EVENTS.teammateInvited, { role: 'viewer', invitee_email: email }));
    }
  }
  return members;
}

/** Champions and managers invite most; only someone who has already joined can invite. */
function pickInviter(members: readonly Member[], at: number, rng: Rng): Member {
  const eligible = members.filter((m) => m.joinAt + 10 * MINUTE_MS <= at);
  const pool = eligible.length === 0 ? members.slice(0, 1) : eligible;
  const weights = pool.map(
    (m) => (m.ordinal === 0 ? 4 : 1) * (m.role === 'manager' || m.role === 'admin' ? 2 : 1),
  );
  return rng.weighted(pool, weights);
}

function newMember(input: {
  who: Person;
  ordinal: number;
  joinAt: number;
  rng: Rng;
  intent: number;
  customer: boolean;
}): Member {
  const { who, ordinal, joinAt, rng, intent, customer } = input;
  const engagement = Math.exp(0.5 * rng.normal()) * (ordinal === 0 ? 1.4 : 1);
  // Paying customers keep using the product; a trial that never clicked fades within days.
  const lifetime = rng.exponential(DAY_MS * (3 + 80 * intent * intent)) * (customer ? 4 : 1);
  return { ...who, ordinal, joinAt, engagement, activeUntil: joinAt + DAY_MS + lifetime, drafts: [] };
}
