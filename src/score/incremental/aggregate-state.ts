/**
 * What one aggregate signal keeps for one cell (one user key × one group tag), bounded by the
 * signal's window. Every event reaching here already matched the signal's name and filters, which
 * do not depend on the time of evaluation; only the window does, and it only moves forward.
 *
 * - count / sum within a window: (time, amount) entries sorted by time, one per distinct
 *   millisecond; entries at or before the window's edge are dropped as `asOf` moves.
 * - count / sum over all history: one running total.
 * - distinct users / days / property values: the latest matching time per distinct value; a value
 *   counts while its latest time is inside the window (all history: forever).
 *
 * For receipts (`matches`: how many events matched, first and last), a windowed count's entries
 * already say it; every other state also keeps a `MatchLog` (match-log.ts).
 */
import type { AggregateSignal } from '../../definition/ir.ts';
import type { StoredEvent } from '../../model/dataset.ts';
import type { Matches } from '../explain/index.ts';
import { distinctValueKey, utcDay } from '../reference/aggregate.ts';
import { readPath } from '../reference/comparison.ts';
import { userKeyOf } from '../reference/identity.ts';
import { EntryList } from './entry-list.ts';
import { entryMatches, MatchLog, type MatchLogSnapshot } from './match-log.ts';

export type AggregateState = AmountState | LatestState;

/** One aggregate state as plain JSON (persisted between runs, see state-units.ts). */
export type AggregateSnapshot =
  | {
      readonly total: number;
      readonly times: readonly number[];
      readonly amounts: readonly number[];
      readonly log?: MatchLogSnapshot;
    }
  | { readonly latest: readonly (readonly [string, number])[]; readonly log?: MatchLogSnapshot };

/** Count or sum: what one event adds, null when it adds nothing (a sum over a non-number). */
function amountOf(signal: AggregateSignal, event: StoredEvent): number | null {
  if (signal.aggregation.kind === 'count') return 1;
  if (signal.aggregation.kind !== 'sum') return null;
  const value = readPath(event.properties, signal.aggregation.path);
  return typeof value === 'number' ? value : null;
}

/** Distinct aggregations: the value one event stands for, null when it adds none. */
function distinctKeyOf(signal: AggregateSignal, event: StoredEvent): string | null {
  switch (signal.aggregation.kind) {
    case 'distinct_users':
      // The raw user key: identity is resolved when the state is read, as of that time.
      return userKeyOf(event);
    case 'distinct_days':
      return dayKey(utcDay(event.timestamp));
    case 'distinct_property':
      return distinctValueKey(readPath(event.properties, signal.aggregation.path));
    default:
      return null;
  }
}

/**
 * One string per UTC day for every distinct-days map: a fresh string per event would be kept as
 * the key of each cell's map (≈ 30 B each, hundreds of thousands in a large store).
 */
const dayKeys = new Map<number, string>();
function dayKey(day: number): string {
  let key = dayKeys.get(day);
  if (key === undefined) {
    if (dayKeys.size >= 100_000) dayKeys.clear();
    key = String(day);
    dayKeys.set(day, key);
  }
  return key;
}

/**
 * `keepsMatches`: whether this state keeps its own matches for receipts; false when another signal
 * of the definition matches exactly the same events (same name, filters and window) and keeps them.
 */
export function newAggregateState(signal: AggregateSignal, keepsMatches = true): AggregateState {
  const kind = signal.aggregation.kind;
  return kind === 'count' || kind === 'sum'
    ? new AmountState(signal, keepsMatches)
    : new LatestState(signal, keepsMatches);
}

/** Signals that match the same events (name, filters, window) have the same matches. */
export function matchKey(signal: AggregateSignal): string {
  return JSON.stringify([signal.event, signal.where, signal.withinMs]);
}

/** Whether a state answers `matches` without a log of its own (a windowed count's entries do). */
export function matchesForFree(signal: AggregateSignal): boolean {
  return signal.aggregation.kind === 'count' && signal.withinMs !== null;
}

/** The last time that is outside the window as of `asOf` (`(asOf − within, asOf]`); −∞ without one. */
export function windowEdge(withinMs: number | null, asOf: number): number {
  return withinMs === null ? Number.NEGATIVE_INFINITY : asOf - withinMs;
}

export class AmountState {
  readonly kind = 'amount';
  private total = 0;
  /** (time, amount) entries within the window (entry-list.ts). */
  private entries = new EntryList();
  /** Null for a windowed count, whose entries are its matches. */
  private readonly log: MatchLog | null;

  constructor(
    private readonly signal: AggregateSignal,
    keepsMatches = true,
  ) {
    this.log = matchesForFree(signal) || !keepsMatches ? null : new MatchLog(signal.withinMs);
  }

  snapshot(): AggregateSnapshot {
    const log = this.log === null ? {} : { log: this.log.snapshot() };
    const { times, values } = this.entries.toArrays();
    return { total: this.total, times, amounts: values, ...log };
  }

  /** False when the snapshot lacks what receipts need (saved before they came from the state). */
  restore(snapshot: AggregateSnapshot): boolean {
    if (!('total' in snapshot)) throw new Error(`saved state of ${this.signal.name} is not a count or sum`);
    this.total = snapshot.total;
    this.entries = EntryList.from(snapshot.times, snapshot.amounts);
    this.log?.restore(snapshot.log);
    return this.log === null || snapshot.log !== undefined;
  }

  /** `edge`: events at or before it are already outside every window still to be asked. */
  add(event: StoredEvent, edge: number): void {
    // A sum's event without a number adds nothing, but still matched (the receipt counts it).
    this.log?.add(event.timestamp, edge);
    const amount = amountOf(this.signal, event);
    if (amount === null) return;
    if (this.signal.withinMs === null) {
      this.total += amount;
      return;
    }
    if (event.timestamp > edge) this.entries.add(event.timestamp, amount);
  }

  expire(edge: number): void {
    this.entries.dropThrough(edge);
    this.log?.expire(edge);
  }

  /** The matching events, for a receipt (null: another state keeps them); `expire` first. */
  matches(): Matches | null {
    if (matchesForFree(this.signal)) return entryMatches(this.entries);
    return this.log?.matches() ?? null;
  }

  /** The count or sum inside the window; call `expire` with the same edge first. */
  value(): number {
    if (this.signal.withinMs === null) return this.total;
    return this.entries.sum();
  }

  get size(): number {
    return this.entries.length + (this.log?.size ?? 0);
  }

  /** When the oldest entry leaves the window, null when nothing will. */
  nextExpiry(): number | null {
    const first = this.entries.firstTime();
    return first === null || this.signal.withinMs === null ? null : first + this.signal.withinMs;
  }
}

export class LatestState {
  readonly kind = 'latest';
  /** null until the first distinct value: most of a cell's states stay empty (a Map costs ≈ 200 B). */
  private latest: Map<string, number> | null = null;
  private readonly log: MatchLog | null;

  constructor(
    private readonly signal: AggregateSignal,
    keepsMatches = true,
  ) {
    this.log = keepsMatches ? new MatchLog(signal.withinMs) : null;
  }

  snapshot(): AggregateSnapshot {
    return { latest: [...(this.latest ?? [])], ...(this.log === null ? {} : { log: this.log.snapshot() }) };
  }

  /** False when the snapshot lacks what receipts need (saved before they came from the state). */
  restore(snapshot: AggregateSnapshot): boolean {
    if (!('latest' in snapshot))
      throw new Error(`saved state of ${this.signal.name} is not a distinct count`);
    this.latest = snapshot.latest.length === 0 ? null : new Map(snapshot.latest);
    this.log?.restore(snapshot.log);
    return this.log === null || snapshot.log !== undefined;
  }

  add(event: StoredEvent, edge: number): void {
    this.log?.add(event.timestamp, edge);
    const key = distinctKeyOf(this.signal, event);
    if (key === null || event.timestamp <= edge) return;
    this.latest ??= new Map();
    const previous = this.latest.get(key);
    if (previous === undefined || event.timestamp > previous) this.latest.set(key, event.timestamp);
  }

  expire(edge: number): void {
    if (edge === Number.NEGATIVE_INFINITY) return;
    if (this.latest !== null) {
      for (const [key, time] of this.latest) if (time <= edge) this.latest.delete(key);
      if (this.latest.size === 0) this.latest = null;
    }
    this.log?.expire(edge);
  }

  /** The matching events, for a receipt (null: another state keeps them); `expire` first. */
  matches(): Matches | null {
    return this.log?.matches() ?? null;
  }

  /** The distinct values inside the window; call `expire` with the same edge first. */
  keys(): IterableIterator<string> {
    return (this.latest ?? NO_VALUES).keys();
  }

  get size(): number {
    return (this.latest?.size ?? 0) + (this.log?.size ?? 0);
  }

  nextExpiry(): number | null {
    if (this.signal.withinMs === null || this.latest === null || this.latest.size === 0) return null;
    let earliest = Number.POSITIVE_INFINITY;
    for (const time of this.latest.values()) earliest = Math.min(earliest, time);
    return earliest + this.signal.withinMs;
  }
}

const NO_VALUES: ReadonlyMap<string, number> = new Map();
