/**
 * `routing.teams`: name → members (round robin), a capacity cap and where leads go when every
 * member is at it. Fallbacks that lead back to their own team are an error.
 */
import { asMap, checkObject, checkValue } from '../check/check-object.ts';
import { checkSignalName } from '../sections/signals.ts';
import { describeValue } from '../source/describe-value.ts';
import type { Path } from '../source/yaml-source.ts';
import { buildOwner, UNASSIGNED } from './check-owner.ts';
import type { OwnerSpec, Person, Team } from './routing-config.ts';
import type { RoutingEnv } from './routing-env.ts';
import { MEMBER_FIELDS, ROUTING_FIELDS, TEAM_FIELDS } from './routing-fields.ts';
import { canonicalTimeZone } from './time-of-day.ts';

export function buildTeams(
  env: RoutingEnv,
  path: readonly string[],
  raw: unknown,
): Record<string, Team> | null {
  const teams = asMap(raw);
  if (teams === null) {
    env.ctx.report('bad-value-type', path, {
      message: `\`teams\` expects ${ROUTING_FIELDS.teams.expected}, found ${describeValue(raw)}`,
    });
    return null;
  }
  const before = env.ctx.errorCount;
  const built: Record<string, Team> = {};
  for (const [name, value] of Object.entries(teams)) {
    const at = [...path, name];
    checkSignalName(env.ctx, at, name, 'team');
    const team = buildTeam(env, at, name, value);
    if (team !== null) built[name] = team;
  }
  if (env.ctx.errorCount > before) return null;
  checkFallbackCycles(env, path, built);
  return env.ctx.errorCount > before ? null : built;
}

function buildTeam(env: RoutingEnv, path: Path, name: string, raw: unknown): Team | null {
  const parsed = checkObject(env.ctx, path, raw, TEAM_FIELDS, `team \`${name}\``);
  if (parsed === null || parsed.members === undefined) return null;
  const members: Person[] = [];
  parsed.members.forEach((item, i) => {
    const person = buildMember(env, [...path, 'members', i], item);
    if (person !== null && !members.some((m) => m.email === person.email)) members.push(person);
  });
  const whenFull =
    parsed.when_full === undefined
      ? UNASSIGNED
      : buildOwner(env, [...path, 'when_full'], parsed.when_full, '`when_full`');
  if (whenFull === null) return null;
  return { name, label: parsed.label ?? name, members, maxOpen: parsed.max_open ?? null, whenFull };
}

function buildMember(env: RoutingEnv, path: Path, raw: unknown): Person | null {
  if (typeof raw === 'string') {
    const email = checkValue(env.ctx, path, MEMBER_FIELDS.email, raw);
    return email.ok
      ? { email: email.value.toLowerCase(), name: null, timezone: null, slackUserId: null }
      : null;
  }
  const parsed = checkObject(env.ctx, path, raw, MEMBER_FIELDS, 'a team member');
  if (parsed?.email === undefined) return null;
  let timezone: string | null = null;
  if (parsed.timezone !== undefined) {
    timezone = canonicalTimeZone(parsed.timezone);
    if (timezone === null) {
      env.ctx.report('bad-time-zone', [...path, 'timezone'], {
        message: `\`timezone\` expects ${MEMBER_FIELDS.timezone.expected}, found ${describeValue(parsed.timezone)}`,
      });
      return null;
    }
  }
  return {
    email: parsed.email.toLowerCase(),
    name: parsed.name ?? null,
    timezone,
    slackUserId: parsed.slack_user_id ?? null,
  };
}

/** The teams an owner can resolve to: where a full team's leads may go next. */
export function teamsReached(spec: OwnerSpec): string[] {
  switch (spec.kind) {
    case 'team':
      return [spec.team];
    case 'trait':
      return teamsReached(spec.otherwise);
    case 'territory':
      return [...spec.map.flatMap((entry) => teamsReached(entry.owner)), ...teamsReached(spec.otherwise)];
    case 'person':
    case 'none':
      return [];
  }
}

/** Only a capped team can be full, so only its `when_full` is an edge. */
function checkFallbackCycles(env: RoutingEnv, path: Path, teams: Readonly<Record<string, Team>>): void {
  const next = (name: string): string[] => {
    const team = teams[name];
    return team === undefined || team.maxOpen === null ? [] : teamsReached(team.whenFull);
  };
  const reported = new Set<string>();
  for (const start of Object.keys(teams)) {
    const cycle = findCycle(start, next);
    if (cycle === null || cycle.some((name) => reported.has(name))) continue;
    for (const name of cycle) reported.add(name);
    env.ctx.report('team-fallback-cycle', [...path, start, 'when_full'], {
      message: `when every member is at max_open, leads go round in a circle: ${[...cycle, start].join(' → ')}`,
    });
  }
}

function findCycle(start: string, next: (name: string) => string[]): string[] | null {
  const stack: { name: string; trail: string[] }[] = [{ name: start, trail: [start] }];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === undefined) break;
    for (const following of next(current.name)) {
      if (following === start) return current.trail;
      if (!current.trail.includes(following)) {
        stack.push({ name: following, trail: [...current.trail, following] });
      }
    }
  }
  return null;
}
