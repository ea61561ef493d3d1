/**
 * Finding a lead's owner from a rule's owner spec. Round robin within a team is fair and
 * deterministic: among members below the cap, the fewest open leads; ties go to the one assigned
 * least recently (never assigned first), then to list order. A team whose members are all at the
 * cap hands the lead to its `when_full` owner, or leaves it unassigned.
 */
import type { Owner, OwnerSpec, Person, RoutingConfig, Team } from '../definition/routing/routing-config.ts';
import { SLACK_USER_ID } from '../definition/routing/routing-fields.ts';
import { sameScalar } from '../score/reference/comparison.ts';
import { traitOf } from './conditions.ts';
import type { Assignment, LeadFacts, RoutingState } from './routing-types.ts';

export type Workload = Pick<RoutingState, 'openLeadsByOwner' | 'lastAssignedAtByOwner'>;

export interface Found {
  readonly owner: Owner | null;
  readonly assignment: Assignment;
  /** How, in plain words: "round robin in AE: 3 open leads, the fewest". */
  readonly detail: string;
}

const NOBODY = (detail: string): Found => ({ owner: null, assignment: 'unassigned', detail });

/**
 * The owner for a rule. An existing owner is kept (assignments are stable), except that an owner
 * read from a trait with a value follows that trait: the CRM is the source of truth for it.
 */
export function assignOwner(
  config: RoutingConfig,
  spec: OwnerSpec,
  facts: LeadFacts,
  state: RoutingState,
): Found {
  const existing = state.existingOwner;
  if (spec.kind === 'trait' && existing !== null) {
    const fromTrait = ownerFromTrait(spec, facts);
    if (fromTrait !== null && fromTrait.email !== existing.email) {
      return {
        owner: fromTrait,
        assignment: 'trait',
        detail: `the trait ${spec.trait} names ${fromTrait.email}`,
      };
    }
  }
  if (existing !== null) {
    return { owner: existing, assignment: 'kept', detail: `${existing.email} already owns this lead` };
  }
  if (spec.kind === 'none') return { owner: null, assignment: 'none', detail: 'the rule names no owner' };
  return resolve(config, spec, facts, state, new Set());
}

/** The owner a spec gives, ignoring any existing owner. */
export function resolve(
  config: RoutingConfig,
  spec: OwnerSpec,
  facts: LeadFacts | null,
  workload: Workload,
  visited: Set<string>,
  exclude: ReadonlySet<string> = new Set(),
): Found {
  switch (spec.kind) {
    case 'none':
      return NOBODY('no fallback owner is configured, so the lead stays unassigned');
    case 'person':
      return { owner: spec.owner, assignment: 'person', detail: `the rule names ${spec.owner.email}` };
    case 'trait': {
      const owner = facts === null ? null : ownerFromTrait(spec, facts);
      if (owner !== null) {
        return { owner, assignment: 'trait', detail: `the trait ${spec.trait} names ${owner.email}` };
      }
      const next = resolve(config, spec.otherwise, facts, workload, visited, exclude);
      return { ...next, detail: `the trait ${spec.trait} is unset; ${next.detail}` };
    }
    case 'territory': {
      const value = facts === null ? undefined : traitOf(facts, spec.trait);
      const entry = spec.map.find((e) => e.values.some((v) => sameScalar(value, v)));
      const next = resolve(config, entry?.owner ?? spec.otherwise, facts, workload, visited, exclude);
      const shown = value === undefined ? 'unset' : JSON.stringify(value);
      return {
        ...next,
        detail: `${spec.trait} is ${shown}${entry === undefined ? ' (no territory)' : ''}; ${next.detail}`,
      };
    }
    case 'team': {
      const team = config.teams[spec.team];
      if (team === undefined) return NOBODY(`team ${spec.team} is not configured`);
      if (visited.has(team.name)) return NOBODY(`the fallbacks of team ${team.name} lead back to it`);
      visited.add(team.name);
      const member = pickMember(team, workload, exclude);
      if (member !== null) {
        const open = workload.openLeadsByOwner.get(member.email) ?? 0;
        return {
          owner: { email: member.email, name: member.name, team: team.label },
          assignment: 'round-robin',
          detail: `round robin in ${team.label}: ${member.email} has ${open} open lead${open === 1 ? '' : 's'}, the fewest`,
        };
      }
      const full =
        team.members.length === 0
          ? `team ${team.name} has no members`
          : `every member of ${team.label} is at the cap of ${team.maxOpen} open lead${team.maxOpen === 1 ? '' : 's'}`;
      const next = resolve(config, team.whenFull, facts, workload, visited, exclude);
      return next.owner === null
        ? NOBODY(`${full}; ${next.detail}`)
        : { ...next, detail: `${full}; ${next.detail}` };
    }
  }
}

/** Fewest open leads below the cap; then least recently assigned (never first); then list order. */
export function pickMember(team: Team, workload: Workload, exclude: ReadonlySet<string>): Person | null {
  let best: { person: Person; open: number; last: number } | null = null;
  for (const person of team.members) {
    if (exclude.has(person.email)) continue;
    const open = workload.openLeadsByOwner.get(person.email) ?? 0;
    if (team.maxOpen !== null && open >= team.maxOpen) continue;
    const last = workload.lastAssignedAtByOwner.get(person.email) ?? Number.NEGATIVE_INFINITY;
    if (best === null || open < best.open || (open === best.open && last < best.last)) {
      best = { person, open, last };
    }
  }
  return best?.person ?? null;
}

function ownerFromTrait(spec: Extract<OwnerSpec, { kind: 'trait' }>, facts: LeadFacts): Owner | null {
  const email = traitOf(facts, spec.trait);
  if (typeof email !== 'string' || email.trim() === '') return null;
  const name = spec.nameTrait === null ? undefined : traitOf(facts, spec.nameTrait);
  const slack = spec.slackUserIdTrait === null ? undefined : traitOf(facts, spec.slackUserIdTrait);
  return {
    email: email.trim().toLowerCase(),
    name: typeof name === 'string' && name.trim() !== '' ? name.trim() : null,
    team: spec.teamLabel,
    ...(typeof slack === 'string' && SLACK_USER_ID.test(slack.trim()) ? { slackUserId: slack.trim() } : {}),
  };
}
