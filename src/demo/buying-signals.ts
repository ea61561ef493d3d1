/**
 * The behaviour a PQL definition looks for, planned per account from its latent intent:
 * activation (a data source and a first dashboard), depth (integrations, API keys), friction with
 * the free plan (usage limits), and commercial intent (pricing and billing views, demo requests,
 * checkout). Keen accounts do more of all of it, around a "buying moment"; most do little.
 */

import type { Member } from './account-plan.ts';
import type { AccountProfile } from './account-profile.ts';
import { DAY_MS, type ResolvedDemoOptions } from './demo-options.ts';
import { EVENTS, INTEGRATIONS, SOURCES } from './event-catalog.ts';
import type { Rng } from './prng.ts';
import { type Draft, page, track } from './segment-message.ts';

const MINUTE_MS = 60_000;

export interface BuyingSummary {
  readonly demoAt: number | null;
  readonly checkoutAt: number | null;
  /** When the third commercial signal (pricing view, limit hit, contact-sales click) happened: what sales notices. */
  readonly signalsAt: number | null;
  /** Commercial signals plus adoption (invites, integrations, API keys): how far the product took hold. */
  readonly strongSignals: number;
}

const COMMERCIAL_EVENTS = new Set<string>([
  EVENTS.seatLimitReached,
  EVENTS.usageLimitReached,
  EVENTS.contactSalesClicked,
]);
const ADOPTION_EVENTS = new Set<string>([
  EVENTS.teammateInvited,
  EVENTS.integrationConnected,
  EVENTS.apiKeyCreated,
]);
const COMMERCIAL_PAGES = new Set(['/pricing', '/settings/billing']);

export function planBuyingSignals(input: {
  options: ResolvedDemoOptions;
  account: AccountProfile | null;
  members: readonly Member[];
  intent: number;
  activatedAt: number | null;
  rng: Rng;
}): BuyingSummary {
  const { options, account, members, intent: u, activatedAt, rng } = input;
  const champion = members[0];
  if (champion === undefined) return { demoAt: null, checkoutAt: null, signalsAt: null, strongSignals: 0 };
  const end = options.endAt;
  const plan = account?.plan ?? 'free';
  const free = plan === 'free' || plan === 'trial';
  const add = (at: number, draft: (at: number) => Draft): void => {
    const actor = actorAt(members, at, rng);
    const when = Math.max(at, actor.joinAt + 5 * MINUTE_MS);
    if (when < end) actor.drafts.push(draft(when));
  };

  onboarding(champion, plan, activatedAt);
  if (activatedAt !== null) {
    champion.drafts.push(track(activatedAt, EVENTS.dataSourceConnected, { source: rng.pick(SOURCES) }));
    champion.drafts.push(
      track(activatedAt + 12 * MINUTE_MS, EVENTS.dashboardCreated, { widgets: 3, first: true }),
    );
  } else if (rng.chance(0.3)) {
    add(champion.joinAt + rng.exponential(DAY_MS), (at) =>
      track(at, EVENTS.dataSourceConnected, { source: 'csv' }),
    );
  }
  const from = activatedAt ?? champion.joinAt;
  const later = (): number => from + rng.next() * Math.max(0, end - from);
  // Buying intent peaks some days after activation: pricing, demo and checkout cluster there.
  const buyAt = from + rng.exponential(7 * DAY_MS);
  const near = (spread: number): number => Math.max(champion.joinAt, buyAt + rng.normal() * spread);

  const deep = activatedAt !== null;
  const extraSources = deep ? rng.poisson(1.5 * u) : 0;
  for (let i = 0; i < extraSources; i++) {
    add(later(), (at) => track(at, EVENTS.dataSourceConnected, { source: rng.pick(SOURCES) }));
  }
  const integrations = deep ? rng.poisson(2.2 * u * u) : 0;
  for (let i = 0; i < integrations; i++) {
    add(later(), (at) => track(at, EVENTS.integrationConnected, { integration: rng.pick(INTEGRATIONS) }));
  }
  if (rng.chance(deep ? 0.08 + 0.5 * u : 0.02)) {
    add(later(), (at) => track(at, EVENTS.apiKeyCreated, { scope: rng.pick(['read', 'write', 'admin']) }));
  }
  const usageLimits = free && deep ? rng.poisson(3 * u * u) : 0;
  for (let i = 0; i < usageLimits; i++) {
    const metric = rng.pick(['queries', 'rows', 'dashboards']);
    add(later(), (at) =>
      track(at, EVENTS.usageLimitReached, { metric, limit: 1000, usage: 1000 + rng.int(400) }),
    );
  }
  const pricingViews = deep ? rng.poisson(0.3 + 8 * u ** 3) : rng.poisson(0.3);
  for (let i = 0; i < pricingViews; i++) {
    const path = free && rng.chance(0.35) ? '/settings/billing' : '/pricing';
    add(near(3 * DAY_MS), (at) => page(at, path));
  }
  const tickets = rng.poisson((0.15 + u) * (members.length > 3 ? 1.5 : 1));
  for (let i = 0; i < tickets; i++) {
    const topic = rng.pick(['billing', 'bug', 'sso', 'data_import', 'permissions']);
    add(later(), (at) =>
      track(at, EVENTS.supportTicketOpened, { topic, priority: rng.pick(['low', 'normal', 'high']) }),
    );
  }
  if (rng.chance(0.04 + 0.2 * u * u)) {
    add(near(2 * DAY_MS), (at) => track(at, EVENTS.contactSalesClicked, { location: 'pricing_page' }));
  }

  let demoAt: number | null = null;
  const large = (account?.companySize ?? 1) >= 200;
  if (rng.chance(0.01 + 0.3 * u ** 3 + (large ? 0.04 : 0))) {
    const at = near(2 * DAY_MS);
    const actor = actorAt(members, at, rng);
    const when = Math.max(at, actor.joinAt + 5 * MINUTE_MS);
    if (when < end) {
      demoAt = when;
      actor.drafts.push(page(when - 2 * MINUTE_MS, '/pricing'));
      actor.drafts.push(
        track(when, EVENTS.demoRequested, {
          source: rng.pick(['pricing_page', 'in_app', 'website']),
          seats_wanted: members.length + rng.int(20),
        }),
      );
    }
  }
  let checkoutAt: number | null = null;
  // Hitting the free plan's wall (seats or usage) is what most often sends a team to checkout.
  const wallAt = firstWall(members);
  if (free && account !== null && rng.chance(0.005 + 0.12 * u ** 3 + (wallAt === null ? 0 : 0.07))) {
    const at = Math.max(buyAt, wallAt ?? buyAt) + rng.exponential(2 * DAY_MS);
    const actor = actorAt(members, at, rng);
    const when = Math.max(at, actor.joinAt + 10 * MINUTE_MS);
    if (when < end) {
      checkoutAt = when;
      actor.drafts.push(page(when - 3 * MINUTE_MS, '/pricing'));
      actor.drafts.push(page(when - MINUTE_MS, '/settings/billing'));
      actor.drafts.push(
        track(when, EVENTS.checkoutStarted, { plan: 'team', seats: Math.max(3, members.length) }),
      );
    }
  }
  const commercial = signalTimes(members, true);
  const adoption = signalTimes(members, false);
  return {
    demoAt,
    checkoutAt,
    signalsAt: commercial[2] ?? null,
    strongSignals: commercial.length + adoption.length,
  };
}

/** The onboarding checklist: a profile at sign-up, then the activation steps when they happen. */
function onboarding(champion: Member, plan: string, activatedAt: number | null): void {
  const t = champion.joinAt;
  const step = (at: number, name: string, index: number) =>
    champion.drafts.push(track(at, EVENTS.onboardingStep, { step: name, index }));
  if (plan === 'trial') champion.drafts.push(track(t + MINUTE_MS, EVENTS.trialStarted, { trial_days: 14 }));
  step(t + 2 * MINUTE_MS, 'profile', 1);
  if (activatedAt === null) return;
  step(activatedAt + 1_000, 'connect_data', 2);
  step(activatedAt + 12 * MINUTE_MS + 1_000, 'first_dashboard', 3);
}

/** Who in the account does something at `at`: someone already there, champions and managers most. */
function actorAt(members: readonly Member[], at: number, rng: Rng): Member {
  let total = 0;
  for (const m of members) if (m.joinAt <= at) total += weight(m);
  const first = members[0];
  if (first === undefined) throw new RangeError('no members');
  if (total === 0) return first;
  let target = rng.next() * total;
  for (const m of members) {
    if (m.joinAt > at) continue;
    target -= weight(m);
    if (target < 0) return m;
  }
  return first;
}

function weight(m: Member): number {
  return (
    (m.ordinal === 0 ? 3 : 1) * (m.role === 'manager' || m.role === 'admin' || m.role === 'founder' ? 2 : 1)
  );
}

function firstWall(members: readonly Member[]): number | null {
  let first: number | null = null;
  for (const m of members) {
    for (const d of m.drafts) {
      const wall =
        d.kind === 'track' && (d.event === EVENTS.seatLimitReached || d.event === EVENTS.usageLimitReached);
      if (wall && (first === null || d.at < first)) first = d.at;
    }
  }
  return first;
}

function signalTimes(members: readonly Member[], commercial: boolean): number[] {
  const times: number[] = [];
  for (const m of members) {
    for (const d of m.drafts) {
      const hit =
        d.kind === 'track'
          ? (commercial ? COMMERCIAL_EVENTS : ADOPTION_EVENTS).has(d.event)
          : commercial && d.kind === 'page' && COMMERCIAL_PAGES.has(d.path);
      if (hit) times.push(d.at);
    }
  }
  return times.sort((a, b) => a - b);
}
