/**
 * Owners (`owner:`, `when_full:`, `otherwise:`, `escalate.to:`) → `OwnerSpec`. A string is a team
 * name; a map takes one form, chosen by its key: `trait`, `territory`, `email` or `team`. Team
 * names are recorded and resolved once every team is known.
 */
import { asMap, checkObject } from '../check/check-object.ts';
import { SIGNAL_NAME } from '../schema/patterns.ts';
import { buildComparison } from '../signals/comparison.ts';
import { describeValue } from '../source/describe-value.ts';
import type { Path } from '../source/yaml-source.ts';
import type { OwnerSpec, TerritoryEntry } from './routing-config.ts';
import type { RoutingEnv } from './routing-env.ts';
import { OWNER_FORM_KEYS, OWNER_FORMS, TERRITORY_ENTRY_FIELDS } from './routing-fields.ts';

export const UNASSIGNED: OwnerSpec = { kind: 'none' };

/** Null when anything inside is broken (already reported). */
export function buildOwner(env: RoutingEnv, path: Path, raw: unknown, what: string): OwnerSpec | null {
  if (typeof raw === 'string') return teamOwner(env, path, raw);
  const owner = asMap(raw);
  if (owner === null) {
    env.ctx.report('bad-value-type', path, {
      message: `${what} expects a team name or a map with \`team\`, \`email\`, \`trait\` or \`territory\`, found ${describeValue(raw)}`,
    });
    return null;
  }
  const forms = OWNER_FORM_KEYS.filter((key) => key in owner);
  // `team` beside another form key is that form's unknown key (its label is `team_label`).
  const form = forms.find((key) => key !== 'team') ?? forms[0];
  const conflicting = forms.filter((key) => key !== 'team' && key !== form);
  if (conflicting.length > 0) {
    env.ctx.report('conflicting-forms', [...path, conflicting[0] ?? ''], {
      anchor: 'key',
      message: `${what} takes one of \`trait\`, \`territory\`, \`email\` or \`team\`; found ${forms.map((f) => `\`${f}\``).join(' and ')}`,
      hint: 'Keep one; to fall back from a trait or territory to a team, write `otherwise: <team>`.',
    });
    return null;
  }
  if (form === undefined) {
    env.ctx.report('missing-key', path, {
      anchor: 'key',
      message: `${what} expects one of \`team\`, \`email\`, \`trait\` or \`territory\`, found none of them`,
      hint: 'Write `team: <team name>` for round robin, or `trait: <trait>` for an owner held by a trait.',
    });
    return null;
  }
  const before = env.ctx.errorCount;
  const built = buildForm(env, path, owner, form, what);
  return env.ctx.errorCount > before ? null : built;
}

function buildForm(
  env: RoutingEnv,
  path: Path,
  owner: Readonly<Record<string, unknown>>,
  form: (typeof OWNER_FORM_KEYS)[number],
  what: string,
): OwnerSpec | null {
  const label = `${what} (\`${form}\` form)`;
  switch (form) {
    case 'team': {
      const parsed = checkObject(env.ctx, path, owner, OWNER_FORMS.team, label);
      return parsed?.team === undefined ? null : teamOwner(env, [...path, 'team'], parsed.team);
    }
    case 'email': {
      const parsed = checkObject(env.ctx, path, owner, OWNER_FORMS.email, label);
      if (parsed?.email === undefined) return null;
      return {
        kind: 'person',
        owner: {
          email: parsed.email.toLowerCase(),
          name: parsed.name ?? null,
          team: parsed.team_label ?? null,
        },
      };
    }
    case 'trait': {
      const parsed = checkObject(env.ctx, path, owner, OWNER_FORMS.trait, label);
      if (parsed?.trait === undefined) return null;
      const otherwise = fallback(env, [...path, 'otherwise'], owner);
      return otherwise === null
        ? null
        : {
            kind: 'trait',
            trait: parsed.trait,
            nameTrait: parsed.name_trait ?? null,
            slackUserIdTrait: parsed.slack_user_id_trait ?? null,
            teamLabel: parsed.team_label ?? null,
            otherwise,
          };
    }
    case 'territory': {
      const parsed = checkObject(env.ctx, path, owner, OWNER_FORMS.territory, label);
      if (parsed?.territory === undefined || parsed.map === undefined) return null;
      const entries = parsed.map.map((entry, i) => territoryEntry(env, [...path, 'map', i], entry));
      const otherwise = fallback(env, [...path, 'otherwise'], owner);
      if (otherwise === null || entries.some((e) => e === null)) return null;
      return {
        kind: 'territory',
        trait: parsed.territory,
        map: entries.filter((e) => e !== null),
        otherwise,
      };
    }
  }
}

function fallback(env: RoutingEnv, path: Path, owner: Readonly<Record<string, unknown>>): OwnerSpec | null {
  return 'otherwise' in owner ? buildOwner(env, path, owner.otherwise, '`otherwise`') : UNASSIGNED;
}

function territoryEntry(env: RoutingEnv, path: Path, raw: unknown): TerritoryEntry | null {
  const parsed = checkObject(env.ctx, path, raw, TERRITORY_ENTRY_FIELDS, 'a territory entry');
  if (parsed === null || parsed.in === undefined || parsed.owner === undefined) return null;
  const values = buildComparison(env, 'in', parsed.in, [...path, 'in']);
  const owner = buildOwner(env, [...path, 'owner'], parsed.owner, '`owner`');
  if (values === null || values.op !== 'in' || owner === null) return null;
  return { values: values.values, owner };
}

function teamOwner(env: RoutingEnv, path: Path, name: string): OwnerSpec | null {
  if (!SIGNAL_NAME.test(name)) {
    env.ctx.report('bad-name', path, {
      message: `\`${name}\` is not a team name (lowercase letters, digits and underscores)`,
      hint: 'Name a team defined under `routing.teams`, or write `{ email: … }` for one person.',
    });
    return null;
  }
  env.teamRefs.push({ name, path });
  return { kind: 'team', team: name };
}
