/**
 * The whole `routing:` section → `RoutingConfig`: top-level settings, suppression, teams, rules,
 * then what needs all of them (team and destination names, digest support, unused destinations)
 * and the digest schedules.
 */
import { asMap, checkObject } from '../check/check-object.ts';
import type { CheckContext } from '../check/context.ts';
import { closest } from '../problems/suggest.ts';
import { durationMs } from '../schema/patterns.ts';
import { DIGEST_KINDS } from '../sections/destinations.ts';
import type { Draft } from '../sections/draft.ts';
import { failureAlertTargets } from '../sections/failure-alerts.ts';
import { describeValue } from '../source/describe-value.ts';
import { buildCalendar } from './check-calendar.ts';
import { buildRules } from './check-rules.ts';
import { buildSuppress, DEFAULT_SUPPRESS } from './check-suppress.ts';
import { buildTeams } from './check-teams.ts';
import type { DigestSchedule, RoutingConfig } from './routing-config.ts';
import type { RoutingEnv } from './routing-env.ts';
import { ROUTING_FIELDS, timezoneField } from './routing-fields.ts';
import { canonicalTimeZone, minutesOfDay } from './time-of-day.ts';

export const DEFAULT_COOLDOWN_MS = 14 * 86_400_000;
export const DEFAULT_DAY_ENDS_AT = 18 * 60;
export const DEFAULT_DIGEST_AT = 9 * 60;

export function buildRouting(ctx: CheckContext, draft: Draft, raw: unknown): RoutingConfig | null {
  const env: RoutingEnv = { ctx, draft, teamRefs: [], destinationRefs: [], businessSlaRefs: [] };
  const before = ctx.errorCount;
  const parsed = checkObject(ctx, ['routing'], raw, ROUTING_FIELDS, '`routing`');
  if (parsed === null) return null;
  let timezone = 'UTC';
  if (parsed.timezone !== undefined) {
    const canonical = canonicalTimeZone(parsed.timezone);
    if (canonical === null) {
      ctx.report('bad-time-zone', ['routing', 'timezone'], {
        message: `\`timezone\` expects ${timezoneField.expected}, found ${describeValue(parsed.timezone)}`,
      });
    } else timezone = canonical;
  }
  const calendar =
    parsed.calendar === undefined
      ? null
      : buildCalendar(ctx, ['routing', 'calendar'], parsed.calendar, timezone);
  const suppress =
    parsed.suppress === undefined
      ? DEFAULT_SUPPRESS
      : buildSuppress(env, ['routing', 'suppress'], parsed.suppress);
  const teams = parsed.teams === undefined ? {} : buildTeams(env, ['routing', 'teams'], parsed.teams);
  const rules = parsed.rules === undefined ? null : buildRules(env, ['routing', 'rules'], parsed.rules);
  // Teams as written, even broken ones, so their names are not reported as undefined too.
  resolveTeams(env, Object.keys(asMap(parsed.teams) ?? {}));
  resolveDestinations(env);
  if (parsed.calendar === undefined) reportMissingCalendar(env);
  if (ctx.errorCount > before || suppress === null || teams === null || rules === null) return null;
  const digestAt = parsed.digest_at === undefined ? DEFAULT_DIGEST_AT : minutesOfDay(parsed.digest_at);
  return {
    timezone,
    calendar,
    dayEndsAt: parsed.day_ends_at === undefined ? DEFAULT_DAY_ENDS_AT : minutesOfDay(parsed.day_ends_at),
    digestAt,
    cooldownMs:
      parsed.cooldown === undefined
        ? DEFAULT_COOLDOWN_MS
        : parsed.cooldown === 'off'
          ? 0
          : (durationMs(parsed.cooldown) ?? DEFAULT_COOLDOWN_MS),
    tierOrder: draft.tiers.map((t) => t.name),
    suppress,
    teams,
    rules,
    ...digestSchedules(env, { at: digestAt, timezone, days: null }),
  };
}

function reportMissingCalendar(env: RoutingEnv): void {
  for (const path of env.businessSlaRefs) {
    env.ctx.report('missing-key', path, {
      message: 'a business SLA counts open hours, but `routing` has no `calendar`',
      hint: 'Add `calendar: { timezone: Europe/Berlin, workdays: [mon, tue, wed, thu, fri], hours: "09:00-18:00" }` under `routing:`, or write a wall-clock duration such as 8h.',
    });
  }
}

function resolveTeams(env: RoutingEnv, known: readonly string[]): void {
  for (const ref of env.teamRefs) {
    if (known.includes(ref.name)) continue;
    const match = closest(ref.name, known);
    env.ctx.report('undefined-team', ref.path, {
      message: `team \`${ref.name}\` is not defined; defined teams: ${known.length === 0 ? 'none' : known.join(', ')}`,
      ...(match === null ? {} : { hint: `Did you mean \`${match}\`?` }),
    });
  }
}

function resolveDestinations(env: RoutingEnv): void {
  const destinations = env.draft.destinations ?? new Map();
  const known = [...destinations.keys()];
  // A misspelt reference's intended destination is not "unused" as well.
  const meant = new Set<string>();
  for (const ref of env.destinationRefs) {
    const destination = destinations.get(ref.name);
    if (destination === undefined) {
      const match = closest(ref.name, known);
      if (match !== null) meant.add(match);
      env.ctx.report('undefined-destination', ref.path, {
        message: `destination \`${ref.name}\` is not defined; defined destinations: ${known.length === 0 ? 'none' : known.join(', ')}`,
        ...(match === null ? {} : { hint: `Did you mean \`${match}\`?` }),
      });
    } else if (ref.digest && destination.kind !== null && !DIGEST_KINDS.includes(destination.kind)) {
      env.ctx.report('digest-not-supported', ref.path, {
        message: `destination \`${ref.name}\` is a ${destination.kind} destination, which sends alerts one by one; only ${DIGEST_KINDS.join(', ')} destinations send a digest`,
      });
    }
  }
  reportUnused(env.ctx, env.draft, new Set([...env.destinationRefs.map((r) => r.name), ...meant]));
}

/** Also called when the file has destinations but no routing: then none of them is used. */
export function reportUnused(ctx: CheckContext, draft: Draft, used: ReadonlySet<string>): void {
  // A destination that hears about other destinations' failures receives those.
  const targets = failureAlertTargets(draft.destinations ?? new Map());
  for (const name of draft.destinations?.keys() ?? []) {
    if (used.has(name) || targets.has(name)) continue;
    ctx.report('unused-destination', ['destinations', name], {
      anchor: 'key',
      message: `destination \`${name}\` receives nothing: no routing rule or escalation sends to it`,
    });
  }
}

function digestSchedules(
  env: RoutingEnv,
  fallback: DigestSchedule,
): Pick<RoutingConfig, 'digests' | 'digestOnly'> {
  const digests: Record<string, DigestSchedule> = {};
  const digestOnly: string[] = [];
  for (const [name, destination] of env.draft.destinations ?? []) {
    if (destination.digest === null) continue;
    digestOnly.push(name);
    digests[name] = {
      at: destination.digest.at ?? fallback.at,
      timezone: destination.digest.timezone ?? fallback.timezone,
      days: destination.digest.days,
    };
  }
  for (const ref of env.destinationRefs) {
    if (ref.digest && digests[ref.name] === undefined) digests[ref.name] = fallback;
  }
  return { digests, digestOnly };
}
