/**
 * Everyday use: which days a person shows up, how many sessions, and what they do in each. Work
 * days in the account's time zone are busy and weekends quiet; use decays from sign-up at a rate
 * set by the account's intent, and stops when the person churns.
 */
import type { AccountPlan, Member } from './account-plan.ts';
import { DAY_MS, type ResolvedDemoOptions } from './demo-options.ts';
import { appPage, EVENTS, everydayEvent } from './event-catalog.ts';
import type { Rng } from './prng.ts';
import { type Draft, page, track } from './segment-message.ts';

const HOUR_MS = 3_600_000;

/** Scales how busy everyone is; tuned so 100,000 users over 90 days write about 10 M events. */
export const ACTIVITY_SCALE = 1.3;

export function everydayUse(input: {
  options: ResolvedDemoOptions;
  plan: AccountPlan;
  member: Member;
  rng: Rng;
  out: Draft[];
}): void {
  const { options, plan, member, rng, out } = input;
  const u = plan.intent;
  const eng = member.engagement;
  const offsetMs = (plan.account?.country.offsetHours ?? 0) * HOUR_MS;
  const customer = plan.account?.customer === true;
  const activeP = Math.min(0.95, (0.12 + 0.55 * u) * eng);
  const tau = DAY_MS * (4 + 50 * u) * eng;
  const floor = 0.1 * u + (customer ? 0.4 : 0);
  const stop = Math.min(options.endAt, member.activeUntil);
  const activatedAt = plan.activatedAt ?? Number.POSITIVE_INFINITY;

  // The first session is right after sign-up: people look around before they leave.
  session({
    at: member.joinAt + 4 * 60_000,
    u,
    eng,
    activated: member.joinAt >= activatedAt,
    rng,
    out,
    login: false,
  });
  // Local midnights, so "weekday" and "working hours" mean the account's own.
  let midnight = Math.floor((member.joinAt + offsetMs) / DAY_MS) * DAY_MS - offsetMs + DAY_MS;
  for (; midnight < stop; midnight += DAY_MS) {
    const weekday = (Math.floor((midnight + offsetMs) / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday
    const weekend = weekday === 0 || weekday === 6;
    const decay = floor + (1 - floor) * Math.exp(-(midnight - member.joinAt) / tau);
    if (!rng.chance(activeP * decay * (weekend ? 0.2 : 1))) continue;
    const sessions = 1 + rng.poisson(0.4 * eng);
    for (let s = 0; s < sessions; s++) {
      const hour = Math.min(22.5, Math.max(7, 13 + 2.8 * rng.normal()));
      const at = midnight + hour * HOUR_MS;
      if (at >= stop) continue;
      session({ at, u, eng, activated: at >= activatedAt, rng, out, login: s === 0 });
    }
  }
}

function session(input: {
  at: number;
  u: number;
  eng: number;
  activated: boolean;
  rng: Rng;
  out: Draft[];
  login: boolean;
}): void {
  const { u, eng, activated, rng, out } = input;
  let t = input.at;
  if (input.login && rng.chance(0.7))
    out.push(track(t, EVENTS.loggedIn, { method: rng.chance(0.8) ? 'password' : 'sso' }));
  const pages = rng.poisson(1.2);
  const actions =
    1 + rng.poisson(ACTIVITY_SCALE * (1.5 + 3 * u * Math.min(eng, 2)) * (activated ? 1.5 : 0.7));
  let pagesLeft = pages;
  for (let i = 0; i < actions + pages; i++) {
    t += 2_000 + rng.exponential(75_000);
    // Interleave page views among actions in proportion to how many of each are left.
    if (pagesLeft > 0 && rng.next() * (actions + pages - i) < pagesLeft) {
      pagesLeft--;
      out.push(page(t, appPage(rng)));
    } else {
      const { event, properties } = everydayEvent(rng, activated);
      out.push(track(t, event, properties));
    }
  }
}
