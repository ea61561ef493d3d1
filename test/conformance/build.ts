/**
 * Tiny builders for conformance fixtures: IR values and datasets written the way a person reads
 * a definition file, without going through the YAML parser.
 */
import type {
  Aggregation,
  Comparison,
  DefinitionIR,
  PropertyFilter,
  Scalar,
  Signal,
} from '../../src/definition/ir.ts';
import type { JsonObject, JsonValue } from '../../src/lib/json.ts';
import type {
  Dataset,
  EntityType,
  IdentityLink,
  Membership,
  StoredEvent,
  TraitRecord,
} from '../../src/model/dataset.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** 2024-03-01T00:00:00Z: day 0 of every fixture. */
export const EPOCH = Date.UTC(2024, 2, 1);
export const day = (n: number): number => EPOCH + n * DAY;

const UNIT_MS: Readonly<Record<string, number>> = { m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };

/** `90m`, `36h`, `14d`, `2w` → milliseconds. */
export function duration(text: string): number {
  const [, count, unit] = /^(\d+)([mhdw])$/.exec(text) ?? [];
  const ms = unit === undefined ? undefined : UNIT_MS[unit];
  if (count === undefined || ms === undefined) throw new Error(`bad duration ${text}`);
  return Number(count) * ms;
}

// ── comparisons ───────────────────────────────────────────────────────────────
export const eq = (value: Scalar): Comparison => ({ op: 'eq', value });
export const ne = (value: Scalar): Comparison => ({ op: 'ne', value });
export const gt = (value: number | string): Comparison => ({ op: 'gt', value });
export const gte = (value: number | string): Comparison => ({ op: 'gte', value });
export const lt = (value: number | string): Comparison => ({ op: 'lt', value });
export const lte = (value: number | string): Comparison => ({ op: 'lte', value });
export const contains = (value: string): Comparison => ({ op: 'contains', value });
export const startsWith = (value: string): Comparison => ({ op: 'starts_with', value });
export const isIn = (values: readonly Scalar[]): Comparison => ({ op: 'in', values });
export const notIn = (values: readonly Scalar[]): Comparison => ({ op: 'not_in', values });
export const exists = (value: boolean): Comparison => ({ op: 'exists', value });

// ── signals ───────────────────────────────────────────────────────────────────
/** A signal waiting for its name, which `def` gives it from its key under `signals`. */
export type SignalSpec = (name: string) => Signal;

/** A dotted path inside `properties`, or the path already split (for names containing dots). */
export type Path = string | readonly string[];
/** `{ 'plan.tier': gte(3), path: '/pricing' }`; a bare scalar means equality. */
export type Where = Readonly<Record<string, Comparison | Scalar>> | readonly PropertyFilter[];

export interface AggregateOptions {
  readonly within?: string;
  readonly atLeast?: number;
  readonly atMost?: number;
  readonly where?: Where;
  readonly label?: string;
}

export interface AggOptions extends AggregateOptions {
  /** Omitted or null: every counted event (`"*"`). */
  readonly event?: string | null;
  /** `user`, `day`, or a property path (without the `properties.` prefix). */
  readonly distinct?: 'user' | 'day' | Path;
  readonly sum?: Path;
}

/** `event: E` (count); `null` counts every event. */
export const ev = (event: string | null, options: AggregateOptions = {}): SignalSpec =>
  agg({ ...options, event });

export function agg(options: AggOptions): SignalSpec {
  return (name) => ({
    kind: 'aggregate',
    name,
    label: options.label ?? null,
    inline: false,
    event: options.event ?? null,
    where: filters(options.where ?? {}),
    withinMs: options.within === undefined ? null : duration(options.within),
    aggregation: aggregation(options),
    bounds: { atLeast: options.atLeast ?? null, atMost: options.atMost ?? null },
  });
}

function aggregation(options: AggOptions): Aggregation {
  if (options.sum !== undefined) return { kind: 'sum', path: splitPath(options.sum) };
  if (options.distinct === 'user') return { kind: 'distinct_users' };
  if (options.distinct === 'day') return { kind: 'distinct_days' };
  if (options.distinct !== undefined) return { kind: 'distinct_property', path: splitPath(options.distinct) };
  return { kind: 'count' };
}

export function filters(where: Where): readonly PropertyFilter[] {
  if (Array.isArray(where)) return where;
  return Object.entries(where).map(([path, value]) => ({
    path: splitPath(path),
    comparison: typeof value === 'object' ? value : eq(value),
  }));
}

export const prop = (path: Path, comparison: Comparison): PropertyFilter => ({
  path: splitPath(path),
  comparison,
});

function splitPath(path: Path): readonly string[] {
  return typeof path === 'string' ? path.split('.') : path;
}

const base = (name: string, label?: string) => ({ name, label: label ?? null, inline: false });

export const trait =
  (key: string, comparison: Comparison, label?: string): SignalSpec =>
  (name) => ({ ...base(name, label), kind: 'trait', trait: key, comparison });
export const lastSeen =
  (window: string): SignalSpec =>
  (name) => ({ ...base(name), kind: 'last_seen', windowMs: duration(window) });
export const firstSeen =
  (window: string): SignalSpec =>
  (name) => ({ ...base(name), kind: 'first_seen', windowMs: duration(window) });
export const all =
  (items: readonly string[]): SignalSpec =>
  (name) => ({ ...base(name), kind: 'all', items });
export const any =
  (items: readonly string[]): SignalSpec =>
  (name) => ({ ...base(name), kind: 'any', items });
export const not =
  (item: string): SignalSpec =>
  (name) => ({ ...base(name), kind: 'not', item });
/** `at_least: N` (and/or `at_most`) with `of: [...]`. */
export const nOf =
  (items: readonly string[], bounds: { atLeast?: number; atMost?: number }, label?: string): SignalSpec =>
  (name) => ({
    ...base(name, label),
    kind: 'count_of',
    items,
    bounds: { atLeast: bounds.atLeast ?? null, atMost: bounds.atMost ?? null },
  });

// ── definitions ───────────────────────────────────────────────────────────────
export interface DefinitionSpec {
  readonly name?: string;
  readonly entity?: EntityType;
  /** In dependency order: a combinator after the signals it names. */
  readonly signals: Readonly<Record<string, SignalSpec>>;
  readonly gates?: Readonly<Record<string, string>>;
  readonly points?: Readonly<Record<string, number>>;
  readonly cap?: number;
  /** `['7d', 100]` rows, then `[null, 10]` for `otherwise`. */
  readonly recency?: readonly (readonly [string | null, number])[];
  readonly handRaisers?: readonly string[];
  readonly tiers?: Readonly<Record<string, number>>;
}

export function def(spec: DefinitionSpec): DefinitionIR {
  return {
    kindling: 1,
    name: spec.name ?? 'fixture',
    entity: spec.entity ?? 'user',
    description: null,
    signals: Object.entries(spec.signals).map(([name, build]) => build(name)),
    gates: Object.entries(spec.gates ?? {}).map(([name, signal]) => ({ name, signal })),
    points: Object.entries(spec.points ?? {}).map(([signal, points]) => ({ signal, points })),
    cap: spec.cap ?? 100,
    recency: (spec.recency ?? []).map(([within, percent]) => ({
      withinMs: within === null ? null : duration(within),
      percent,
    })),
    handRaisers: spec.handRaisers ?? [],
    tiers: Object.entries(spec.tiers ?? {}).map(([name, min]) => ({ name, min })),
  };
}

// ── datasets ──────────────────────────────────────────────────────────────────
/** A message before `data` numbers it. */
export type Message = Omit<StoredEvent, 'messageId'>;
/** A user id, or explicit keys (`anon('a1')` for an anonymous visitor). */
export type Who = string | { readonly userId?: string; readonly anonymousId?: string };

export const anon = (anonymousId: string): Who => ({ anonymousId });

interface MessageOptions {
  /** `context.groupId`. */
  readonly groupId?: string;
}

function message(
  type: StoredEvent['type'],
  event: string | null,
  who: Who,
  at: number,
  properties: JsonObject,
  options: MessageOptions,
): Message {
  const keys = typeof who === 'string' ? { userId: who } : who;
  return {
    type,
    event,
    userId: keys.userId ?? null,
    anonymousId: keys.anonymousId ?? null,
    groupId: options.groupId ?? null,
    timestamp: at,
    properties,
  };
}

export const track = (
  who: Who,
  event: string,
  at: number,
  properties: JsonObject = {},
  options: MessageOptions = {},
): Message => message('track', event, who, at, properties, options);
export const page = (who: Who, at: number, properties: JsonObject = {}, options: MessageOptions = {}) =>
  message('page', '$page', who, at, properties, options);
export const screen = (who: Who, at: number, properties: JsonObject = {}, options: MessageOptions = {}) =>
  message('screen', '$screen', who, at, properties, options);
/** Non-counted messages: they make a user exist but are never events for signals. */
export const identify = (who: Who, at: number) => message('identify', null, who, at, {}, {});
export const alias = (who: Who, at: number) => message('alias', null, who, at, {}, {});
export const groupCall = (who: Who, groupId: string, at: number) =>
  message('group', null, who, at, {}, { groupId });

export const link = (fromId: string, userId: string, at: number): IdentityLink => ({
  fromId,
  userId,
  timestamp: at,
});
export const member = (userKey: string, groupId: string, at: number): Membership => ({
  userKey,
  groupId,
  timestamp: at,
});

/** A trait record; `seq` defaults to its position in the dataset. */
export type TraitInput = Omit<TraitRecord, 'seq'> & { readonly seq?: number };
const traitOf =
  (entityType: EntityType) =>
  (entityId: string, key: string, value: JsonValue, at: number | null, seq?: number): TraitInput => ({
    entityType,
    entityId,
    key,
    value,
    timestamp: at,
    ...(seq === undefined ? {} : { seq }),
  });
export const userTrait = traitOf('user');
export const accountTrait = traitOf('account');

export interface DatasetSpec {
  readonly events?: readonly Message[];
  readonly links?: readonly IdentityLink[];
  readonly memberships?: readonly Membership[];
  readonly traits?: readonly TraitInput[];
}

export function data(spec: DatasetSpec): Dataset {
  return {
    events: (spec.events ?? []).map((event, index) => ({ messageId: `m${index + 1}`, ...event })),
    links: spec.links ?? [],
    memberships: spec.memberships ?? [],
    traits: (spec.traits ?? []).map((record, index) => ({ ...record, seq: record.seq ?? index + 1 })),
  };
}
