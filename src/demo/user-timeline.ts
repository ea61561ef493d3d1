/**
 * One person's messages, in timestamp order: anonymous browsing, sign-up (`identify`), joining
 * the account (`group`), the planned actions, everyday use, and for a few a second browser later
 * linked by `alias`. Only this person's drafts are held in memory at once.
 */

import type { AccountPlan, Member } from './account-plan.ts';
import { reportedCompanySize } from './account-profile.ts';
import { everydayUse } from './activity.ts';
import { DAY_MS, type ResolvedDemoOptions } from './demo-options.ts';
import { EVENTS, marketingPage } from './event-catalog.ts';
import { type Rng, rngFor, STREAM } from './prng.ts';
import { type DemoMessage, type Draft, page, renderDraft, type Speaker, track } from './segment-message.ts';

const MINUTE_MS = 60_000;

export function* memberMessages(
  options: ResolvedDemoOptions,
  plan: AccountPlan,
  member: Member,
): Generator<DemoMessage> {
  const rng = rngFor(options.seed, STREAM.activity, member.userIndex);
  const drafts: Draft[] = [];
  arrival({ member, rng, out: drafts });
  signUp({ plan, member, rng, out: drafts });
  for (const draft of member.drafts) drafts.push(draft);
  everydayUse({ options, plan, member, rng, out: drafts });
  if (rng.chance(0.05)) secondBrowser({ options, member, rng, out: drafts });

  const kept = drafts.filter((d) => d.at >= options.startAt && d.at <= options.endAt);
  kept.sort((a, b) => a.at - b.at);
  const speaker: Speaker = {
    userId: member.userId,
    anonymousId: member.anonymousId,
    groupId: plan.account?.id ?? null,
    sendsGroupContext: plan.sendsGroupContext,
  };
  const prefix = `${options.runTag}-${member.userIndex.toString(36)}-`;
  for (let seq = 0; seq < kept.length; seq++) {
    const draft = kept[seq];
    if (draft !== undefined) yield renderDraft(draft, speaker, prefix + seq.toString(36));
  }
}

/** Before signing up a champion reads the marketing site; an invitee lands on the invite page. */
function arrival(input: { member: Member; rng: Rng; out: Draft[] }): void {
  const { member, rng, out } = input;
  const signUpAt = member.joinAt;
  if (member.ordinal > 0) {
    if (rng.chance(0.6))
      out.push(page(signUpAt - 20_000 - rng.int(60_000), '/invite/accept', member.anonymousId));
    return;
  }
  const views = 1 + rng.poisson(2);
  const firstAt = signUpAt - rng.exponential(2 * DAY_MS) - MINUTE_MS;
  for (let i = 0; i < views; i++) {
    out.push(page(firstAt + ((signUpAt - firstAt) * i) / views, marketingPage(rng), member.anonymousId));
  }
  out.push(page(signUpAt - 30_000, '/signup', member.anonymousId));
}

function signUp(input: { plan: AccountPlan; member: Member; rng: Rng; out: Draft[] }): void {
  const { plan, member, rng, out } = input;
  const at = member.joinAt;
  const createdAt = new Date(at).toISOString();
  out.push({
    at,
    kind: 'identify',
    traits: { email: member.email, name: member.name, role: member.role, created_at: createdAt },
  });
  const method = member.ordinal > 0 ? 'invite' : rng.chance(0.4) ? 'google' : 'email';
  out.push(track(at + 1_000, EVENTS.signedUp, { method, plan: plan.account?.plan ?? 'free' }));
  const account = plan.account;
  if (account === null) return;
  out.push({
    at: at + 2_000,
    kind: 'group',
    traits: {
      name: account.name,
      domain: account.domain,
      company_size: reportedCompanySize(account, plan.members.length),
      industry: account.industry,
      country: account.country.code,
      plan: account.plan,
    },
  });
}

/** Docs read on another browser, then linked to the user when they log in there. */
function secondBrowser(input: {
  options: ResolvedDemoOptions;
  member: Member;
  rng: Rng;
  out: Draft[];
}): void {
  const { options, member, rng, out } = input;
  const span = Math.max(MINUTE_MS, Math.min(options.endAt, member.activeUntil) - member.joinAt);
  const at = member.joinAt + DAY_MS * 0.5 + rng.next() * span;
  out.push(page(at, rng.pick(['/docs/api', '/docs/sql', '/pricing']), member.secondAnonymousId));
  out.push({
    at: at + MINUTE_MS + rng.exponential(10 * MINUTE_MS),
    kind: 'alias',
    previousId: member.secondAnonymousId,
  });
}
