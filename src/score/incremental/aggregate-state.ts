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
 */
import type { AggregateSignal } from '../../definition/ir.ts';
import type { StoredEvent } from '../../model/dataset.ts';
import { distinctValueKey, utcDay } from '../reference/aggregate.ts';
import { readPath } from '../reference/comparison.ts';
import { userKeyOf } from '../reference/identity.ts';

export type AggregateState = AmountState | LatestState;

/** One aggregate state as plain JSON (persisted between runs, see state-units.ts). */
export type AggregateSnapshot =
  | { readonly total: number; readonly times: readonly number[]; readonly amounts: readonly number[] }
  | { readonly latest: readonly (readonly [string, number])[] };

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
      return String(utcDay(event.timestamp));
    case 'distinct_property':
      return distinctValueKey(readPath(event.properties, signal.aggregation.path));
    default:
      return null;
  }
}

export function newAggregateState(signal: AggregateSignal): AggregateState {
  const kind = signal.aggregation.kind;
  return kind === 'count' || kind === 'sum' ? new AmountState(signal) : new LatestState(signal);
}

/** The last time that is outside the window as of `asOf` (`(asOf − within, asOf]`); −∞ without one. */
export function windowEdge(withinMs: number | null, asOf: number): number {
  return withinMs === null ? Number.NEGATIVE_INFINITY : asOf - withinMs;
}

export class AmountState {
  readonly kind = 'amount';
  private total = 0;
  private readonly times: number[] = [];
  private readonly amounts: number[] = [];

  constructor(private readonly signal: AggregateSignal) {}

  snapshot(): AggregateSnapshot {
    return { total: this.total, times: [...this.times], amounts: [...this.amounts] };
  }

  restore(snapshot: AggregateSnapshot): void {
    if (!('total' in snapshot)) throw new Error(`saved state of ${this.signal.name} is not a count or sum`);
    this.total = snapshot.total;
    this.times.splice(0, this.times.length, ...snapshot.times);
    this.amounts.splice(0, this.amounts.length, ...snapshot.amounts);
  }

  /** `edge`: events at or before it are already outside every window still to be asked. */
  add(event: StoredEvent, edge: number): void {
    const amount = amountOf(this.signal, event);
    if (amount === null) return;
    if (this.signal.withinMs === null) {
      this.total += amount;
      return;
    }
    const time = event.timestamp;
    if (time <= edge) return;
    const at = firstAfter(this.times, time);
    if (at > 0 && this.times[at - 1] === time) this.amounts[at - 1] = (this.amounts[at - 1] ?? 0) + amount;
    else {
      this.times.splice(at, 0, time);
      this.amounts.splice(at, 0, amount);
    }
  }

  expire(edge: number): void {
    const gone = firstAfter(this.times, edge);
    if (gone === 0) return;
    this.times.splice(0, gone);
    this.amounts.splice(0, gone);
  }

  /** The count or sum inside the window; call `expire` with the same edge first. */
  value(): number {
    if (this.signal.withinMs === null) return this.total;
    let sum = 0;
    for (const amount of this.amounts) sum += amount;
    return sum;
  }

  get size(): number {
    return this.times.length;
  }

  /** When the oldest entry leaves the window, null when nothing will. */
  nextExpiry(): number | null {
    const first = this.times[0];
    return first === undefined || this.signal.withinMs === null ? null : first + this.signal.withinMs;
  }
}

export class LatestState {
  readonly kind = 'latest';
  private readonly latest = new Map<string, number>();

  constructor(private readonly signal: AggregateSignal) {}

  snapshot(): AggregateSnapshot {
    return { latest: [...this.latest] };
  }

  restore(snapshot: AggregateSnapshot): void {
    if (!('latest' in snapshot))
      throw new Error(`saved state of ${this.signal.name} is not a distinct count`);
    this.latest.clear();
    for (const [key, time] of snapshot.latest) this.latest.set(key, time);
  }

  add(event: StoredEvent, edge: number): void {
    const key = distinctKeyOf(this.signal, event);
    if (key === null || event.timestamp <= edge) return;
    const previous = this.latest.get(key);
    if (previous === undefined || event.timestamp > previous) this.latest.set(key, event.timestamp);
  }

  expire(edge: number): void {
    if (edge === Number.NEGATIVE_INFINITY) return;
    for (const [key, time] of this.latest) if (time <= edge) this.latest.delete(key);
  }

  /** The distinct values inside the window; call `expire` with the same edge first. */
  keys(): IterableIterator<string> {
    return this.latest.keys();
  }

  get size(): number {
    return this.latest.size;
  }

  nextExpiry(): number | null {
    if (this.signal.withinMs === null || this.latest.size === 0) return null;
    let earliest = Number.POSITIVE_INFINITY;
    for (const time of this.latest.values()) earliest = Math.min(earliest, time);
    return earliest + this.signal.withinMs;
  }
}

/** The first index whose time is > `time` in an ascending array. */
function firstAfter(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] ?? 0) <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}
