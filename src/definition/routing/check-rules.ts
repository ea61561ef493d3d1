/**
 * `routing.rules`: an ordered list, first match wins. Each rule → `Rule`, its destinations and
 * teams recorded for resolution; names must be unique; a rule after a catch-all is unreachable.
 */
import { asMap, checkObject, checkValue } from '../check/check-object.ts';
import { durationMs } from '../schema/patterns.ts';
import type { Path } from '../source/yaml-source.ts';
import { ALWAYS, buildCondition, isAlways } from './check-condition.ts';
import { buildOwner, UNASSIGNED } from './check-owner.ts';
import type { Escalation, EscalationTarget, Rule, Sla } from './routing-config.ts';
import type { RoutingEnv } from './routing-env.ts';
import {
  BUSINESS_DURATION,
  ESCALATE_FIELDS,
  NEXT_IN_TEAM,
  ROUTING_FIELDS,
  RULE_FIELDS,
  SAME_DAY,
} from './routing-fields.ts';

export function buildRules(env: RoutingEnv, path: Path, raw: unknown): Rule[] | null {
  const list = checkValue(env.ctx, path, ROUTING_FIELDS.rules, raw);
  if (!list.ok) return null;
  const before = env.ctx.errorCount;
  const rules: Rule[] = [];
  const seen = new Map<string, number>();
  let catchAll: string | null = null;
  list.value.forEach((item, i) => {
    const at = [...path, i];
    // Names are checked as written, so a broken rule still claims its name.
    const name = asMap(item)?.name;
    if (typeof name === 'string') {
      const first = seen.get(name);
      if (first !== undefined) {
        env.ctx.report('duplicate-rule', [...at, 'name'], {
          message: `rule name \`${name}\` is already used by rule ${first + 1}`,
        });
      } else seen.set(name, i);
    }
    const rule = buildRule(env, at, item, `rule ${i + 1}`);
    if (rule === null) return;
    if (catchAll !== null) {
      env.ctx.report('unreachable-rule', [...at, 'name'], {
        message: `rule \`${rule.name}\` is never reached: rule \`${catchAll}\` before it matches every lead`,
      });
    } else if (isAlways(rule.when)) catchAll = rule.name;
    rules.push(rule);
  });
  return env.ctx.errorCount > before ? null : rules;
}

function buildRule(env: RoutingEnv, path: Path, raw: unknown, what: string): Rule | null {
  const before = env.ctx.errorCount;
  const parsed = checkObject(env.ctx, path, raw, RULE_FIELDS, what);
  if (parsed === null) return null;
  const name = parsed.name ?? '';
  const label = name === '' ? what : `rule \`${name}\``;
  const when =
    parsed.when === undefined ? ALWAYS : buildCondition(env, [...path, 'when'], parsed.when, '`when`');
  const owner =
    parsed.owner === undefined ? UNASSIGNED : buildOwner(env, [...path, 'owner'], parsed.owner, '`owner`');
  const notify = destinations(env, [...path, 'notify'], parsed.notify, false);
  const digest = destinations(env, [...path, 'digest'], parsed.digest, true);
  const sla = parsed.sla === undefined ? null : slaAt(env, [...path, 'sla'], parsed.sla);
  const escalate =
    parsed.escalate === undefined ? null : buildEscalation(env, [...path, 'escalate'], parsed.escalate);
  if (parsed.escalate !== undefined && !('sla' in (asMap(raw) ?? {}))) {
    env.ctx.report('missing-key', path, {
      anchor: 'key',
      message: `${label} escalates on an SLA breach but has no \`sla\``,
      hint: 'Add `sla:` (such as 4h or same_day), or remove `escalate:`.',
    });
  }
  if (env.ctx.errorCount > before || parsed.name === undefined || when === null || owner === null)
    return null;
  return {
    name,
    when,
    owner,
    notify,
    digest,
    sla,
    nextAction: parsed.next_action ?? null,
    escalate,
  };
}

function buildEscalation(env: RoutingEnv, path: Path, raw: unknown): Escalation | null {
  const parsed = checkObject(env.ctx, path, raw, ESCALATE_FIELDS, '`escalate`');
  if (parsed === null) return null;
  if (parsed.to === undefined && parsed.notify === undefined) {
    env.ctx.report('missing-key', path, {
      anchor: 'key',
      message: '`escalate` expects `to` (a new owner), `notify` (destinations) or both',
      hint: `Write \`to: ${NEXT_IN_TEAM}\`, \`to: <team>\`, or \`notify: [<destination>]\`.`,
    });
    return null;
  }
  let to: EscalationTarget = { kind: 'keep' };
  if (parsed.to === NEXT_IN_TEAM) to = { kind: 'next_in_team' };
  else if (parsed.to !== undefined) {
    const owner = buildOwner(env, [...path, 'to'], parsed.to, '`escalate.to`');
    if (owner === null) return null;
    to = { kind: 'owner', owner };
  }
  const afterMs = parsed.after === undefined ? 0 : (durationMs(parsed.after) ?? 0);
  return {
    afterMs,
    to,
    notify: destinations(env, [...path, 'notify'], parsed.notify, false),
    sla: parsed.sla === undefined ? null : slaAt(env, [...path, 'sla'], parsed.sla),
  };
}

function destinations(env: RoutingEnv, path: Path, names: readonly string[] | undefined, digest: boolean) {
  const list = names ?? [];
  list.forEach((name, i) => {
    env.destinationRefs.push({ name, path: [...path, i], digest });
  });
  return [...new Set(list)];
}

function slaAt(env: RoutingEnv, path: Path, text: string): Sla {
  const sla = toSla(text);
  if (sla.kind === 'business') env.businessSlaRefs.push(path);
  return sla;
}

export function toSla(text: string): Sla {
  if (text === SAME_DAY) return { kind: 'same_day' };
  const business = BUSINESS_DURATION.exec(text);
  if (business !== null) {
    return { kind: 'business', count: Number(business[1]), unit: business[2] === 'day' ? 'day' : 'hour' };
  }
  const ms = durationMs(text);
  if (ms === null) throw new Error(`an SLA that passed its schema is not a duration: ${text}`);
  return { kind: 'duration', ms };
}
