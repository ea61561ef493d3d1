/**
 * A cell: the counted events of one user key (or of none) sent with one group tag (or none).
 * Every event falls in exactly one cell, so a user (the cells of its keys) and an account (the
 * cells tagged with it plus its members' cells) are unions of whole cells, each event once,
 * whatever identity and membership say at the time of evaluation.
 *
 * What a cell keeps of each aggregate signal is laid out once per definition (cell-plan.ts): an
 * event log for the windowed signals, sum entries, latest-time lists for distinct property values,
 * and four numbers (plus a value set) per all-history signal — each made at its first use.
 * Windows are `(asOf − within, asOf]` (docs/semantics.md): a read as of T ignores what is at or
 * before T − within and `expire` drops it, the horizon only moving forward.
 *
 * A cell remembers its windowed numbers as last read (`reads`): nothing enters a window without an
 * `add`, and nothing leaves one before the cell's next expiry, so until then the numbers hold. A
 * pass rescores an account when one member's cell changed; its other cells answer from there
 * instead of reading their logs again (issue 16: the scans were most of a pass on a 10 M store).
 */
import type { StoredEvent } from '../../model/dataset.ts';
import type { Matches } from '../explain/index.ts';
import { distinctValueKey, matchesEvent, utcDay } from '../reference/aggregate.ts';
import { readPath } from '../reference/comparison.ts';
import { userKeyOf } from '../reference/identity.ts';
import type { CellArena } from './cell-arena.ts';
import type { AggregatePlan, CellPlan } from './cell-plan.ts';
import { EntryList } from './entry-list.ts';
import { EventLog, NO_MATCHES } from './event-log.ts';
import { LatestTimes } from './latest-times.ts';
import { packTimes, unpackTimes } from './snapshot-times.ts';

/** A cell as plain JSON; the slots follow the definition's plan (cell-plan.ts). */
export interface CellSnapshot {
  readonly first: number | null;
  readonly last: number | null;
  /** The event log's rows, flat: time, then the mask words. */
  readonly log: readonly number[];
  /** The log's, sums' and latest values' times are differences from the one before (snapshot-times.ts). */
  readonly deltas?: true;
  /** Per windowed sum: its entries' times and amounts. */
  readonly sums?: readonly (readonly [readonly number[], readonly number[]])[];
  /** Per windowed distinct property: (value, latest time) pairs. */
  readonly latest?: readonly (readonly (readonly [string, number])[])[];
  /** Per all-history signal: total, matched, first, last (null: none yet). */
  readonly histories?: readonly (number | null)[];
  /** Per all-history distinct signal: the values seen. */
  readonly values?: readonly (readonly string[])[];
}

/** What an entity's cells add up to for one aggregate signal. */
export interface Tally {
  total: number;
  readonly distinct: Set<string | number>;
}

/** Numbers per all-history record: total, matched, first, last. */
const HISTORY = 4;

/** Where a cell's remembered reads start: [asOf, until, then one number per aggregate]. */
const READ_AS_OF = 0;
const READ_UNTIL = 1;
const READ_VALUES = 2;

/**
 * One object per slot of a kind the plan lays out (sum lists, latest-time lists, value sets): the
 * object itself when the plan has one such slot, else an array of them; made at first use.
 */
type Slots<T extends object> = T | (T | undefined)[] | undefined;

function inSlot<T extends object>(slots: Slots<T>, slot: number): T | undefined {
  return Array.isArray(slots) ? slots[slot] : slots;
}

function withSlot<T extends object>(
  slots: Slots<T>,
  slot: number,
  of: number,
  value: T | undefined,
): Slots<T> {
  if (of === 1) return value;
  const array = Array.isArray(slots) ? slots : new Array<T | undefined>(of).fill(undefined);
  array[slot] = value;
  return array;
}

function* everySlot<T extends object>(slots: Slots<T>): Generator<T | undefined> {
  if (Array.isArray(slots)) yield* slots;
  else if (slots !== undefined) yield slots;
}

export class Cell {
  /** The cell's number in the arena, where its first and last times are kept. */
  private readonly index: number;
  private log: EventLog | null = null;
  private sums: Slots<EntryList>;
  private latest: Slots<LatestTimes>;
  /** HISTORY numbers per all-history signal; first and last are NaN until an event matched. */
  private histories: Float64Array | null = null;
  private values: Slots<Set<string>>;
  /**
   * The windowed numbers as read last (null: none, or an event came since): as of `READ_AS_OF`,
   * valid until `READ_UNTIL` (the next expiry, ∞ for none), then per aggregate its count, its sum,
   * or whether its key counts as a distinct user (1 or 0); NaN for what is read live each time.
   */
  private reads: number[] | null = null;
  /** The user `key` belonged to when identity's links were at `ownerEpoch` (see `ownerAt`). */
  private owner: string | null = null;
  private ownerEpoch = -1;
  /** The last view the cell joined (`joinsView`). */
  private viewMark = 0;

  /** `key`: the user key whose events the cell counts, `tag` their group tag; null: none. */
  constructor(
    private readonly arena: CellArena,
    readonly key: string | null = null,
    readonly tag: string | null = null,
  ) {
    this.index = arena.newCell();
  }

  private get plan(): CellPlan {
    return this.arena.plan;
  }

  /**
   * The user the cell's key belongs to (null: no key), asked of `canonical` again only when the
   * links have changed since (`epoch`, IdentityState.linkEpoch). On a 10 M-event store the lookup
   * in the map of every chosen link cost ≈ 1 µs, once per cell of each account scored: 5 % of the
   * main thread at 5,000 events a second (issue 16).
   */
  ownerAt(epoch: number, canonical: (key: string) => string): string | null {
    if (this.key === null) return null;
    if (this.ownerEpoch !== epoch) {
      this.owner = canonical(this.key);
      this.ownerEpoch = epoch;
    }
    return this.owner;
  }

  /**
   * True the first time the cell is offered to view `mark` (a number the scorer counts up per
   * entity read): an entity counts each cell once, without a set of cells built for each read.
   */
  joinsView(mark: number): boolean {
    if (this.viewMark === mark) return false;
    this.viewMark = mark;
    return true;
  }

  /** The first and last counted event, all history (first_seen, last_seen, recency). */
  get first(): number | null {
    return this.arena.firstAt(this.index);
  }

  get last(): number | null {
    return this.arena.lastAt(this.index);
  }

  /** `horizon`: the latest time already asked; windows never reach back before it again. */
  add(event: StoredEvent, horizon: number): void {
    this.reads = null;
    const time = event.timestamp;
    this.arena.widen(this.index, time);
    const { plan } = this;
    let matchedBits: boolean[] | null = null;
    let mask: number[] | null = null;
    plan.bits.forEach(({ signal, withinMs }, bit) => {
      if (!matchesEvent(signal, event)) return;
      matchedBits ??= [];
      matchedBits[bit] = true;
      if (time <= horizon - withinMs) return;
      mask ??= new Array<number>(plan.words).fill(0);
      mask[bit >>> 5] = ((mask[bit >>> 5] ?? 0) | (1 << (bit & 31))) >>> 0;
    });
    if (mask !== null) {
      this.log ??= new EventLog(this.arena.logRows);
      this.log.add(time, mask);
    }
    for (const aggregate of plan.aggregates) {
      if (aggregate.kind === 'windowed') {
        if (matchedBits?.[aggregate.bit] !== true || time <= horizon - aggregate.withinMs) continue;
        if (aggregate.sum >= 0) this.addSum(aggregate, event);
        if (aggregate.latest >= 0) this.addLatest(aggregate, event);
      } else if (matchesEvent(aggregate.signal, event)) this.addHistory(aggregate, event);
    }
  }

  /**
   * Adds the cell's part of aggregate `index` as of `asOf` to `tally`; `owner` is the user the cell's
   * key belongs to (null: the cell has no key), `canonical` resolves the user keys an all-history
   * distinct-users signal kept.
   */
  addTo(
    index: number,
    asOf: number,
    tally: Tally,
    owner: string | null,
    canonical: (key: string) => string,
  ): void {
    const aggregate = this.aggregate(index);
    const kind = aggregate.signal.aggregation.kind;
    if (aggregate.kind === 'history') {
      if (aggregate.values < 0) tally.total += this.history(aggregate.slot, 0);
      for (const value of inSlot(this.values, aggregate.values) ?? []) {
        tally.distinct.add(kind === 'distinct_users' ? canonical(value) : value);
      }
      return;
    }
    const edge = asOf - aggregate.withinMs;
    switch (kind) {
      case 'count':
      case 'sum':
        tally.total += this.read(index, asOf);
        return;
      case 'distinct_users':
        if (owner !== null && this.read(index, asOf) === 1) tally.distinct.add(owner);
        return;
      case 'distinct_days':
        this.log?.days(aggregate.bit, edge, tally.distinct);
        return;
      case 'distinct_property':
        for (const value of this.latestAsOf(aggregate, edge)?.keys() ?? []) tally.distinct.add(value);
    }
  }

  /** Windowed aggregate `index`'s number as of `asOf` (the `reads` layout), remembered until it can change. */
  private read(index: number, asOf: number): number {
    return this.readsAt(asOf)[READ_VALUES + index] ?? Number.NaN;
  }

  private readsAt(asOf: number): number[] {
    const known = this.reads;
    if (known !== null && asOf >= (known[READ_AS_OF] ?? 0) && asOf < (known[READ_UNTIL] ?? 0)) return known;
    const reads = [asOf, this.expiryAfter(asOf) ?? Number.POSITIVE_INFINITY];
    for (const aggregate of this.plan.aggregates) reads.push(this.windowedNumber(aggregate, asOf));
    this.reads = reads;
    return reads;
  }

  /** What `reads` keeps of an aggregate as of `asOf`; NaN for the kinds read live. */
  private windowedNumber(aggregate: AggregatePlan, asOf: number): number {
    if (aggregate.kind !== 'windowed') return Number.NaN;
    const edge = asOf - aggregate.withinMs;
    switch (aggregate.signal.aggregation.kind) {
      case 'count':
        return this.log?.countMatches(aggregate.bit, edge) ?? 0;
      case 'sum': {
        const sums = inSlot(this.sums, aggregate.sum);
        sums?.dropThrough(edge);
        return sums?.sum() ?? 0;
      }
      case 'distinct_users':
        return (this.log?.lastMatch(aggregate.bit) ?? edge) > edge ? 1 : 0;
      default:
        return Number.NaN;
    }
  }

  /** The matching events of aggregate `index` as of `asOf` (receipts). */
  matches(index: number, asOf: number): Matches {
    const aggregate = this.aggregate(index);
    if (aggregate.kind === 'windowed') {
      return this.log?.matches(aggregate.bit, asOf - aggregate.withinMs) ?? NO_MATCHES;
    }
    const matched = this.history(aggregate.slot, 1);
    if (matched === 0) return NO_MATCHES;
    return { matched, firstAt: this.history(aggregate.slot, 2), lastAt: this.history(aggregate.slot, 3) };
  }

  /** Drops what no window as of `asOf` (or later) still holds. */
  expire(asOf: number): void {
    this.log?.dropThrough(asOf - this.plan.logWithinMs);
    if (this.log?.length === 0) this.log = null;
    for (const aggregate of this.plan.aggregates) {
      if (aggregate.kind !== 'windowed') continue;
      const edge = asOf - aggregate.withinMs;
      if (aggregate.sum >= 0) inSlot(this.sums, aggregate.sum)?.dropThrough(edge);
      if (aggregate.latest >= 0) this.latestAsOf(aggregate, edge);
    }
  }

  /** Moves its lists' rows out of the chunks their pools are emptying (`CellArena.repack`). */
  relocate(): void {
    this.log?.relocate();
    for (const list of everySlot(this.sums)) list?.relocate();
    for (const list of everySlot(this.latest)) list?.relocate();
  }

  /** The earliest time after `asOf` at which a windowed signal's value changes, null when none will. */
  nextExpiry(asOf: number): number | null {
    const until = this.readsAt(asOf)[READ_UNTIL] ?? Number.POSITIVE_INFINITY;
    return until === Number.POSITIVE_INFINITY ? null : until;
  }

  private expiryAfter(asOf: number): number | null {
    this.expire(asOf);
    let earliest: number | null = null;
    const consider = (at: number | null, withinMs: number) => {
      if (at !== null && (earliest === null || at + withinMs < earliest)) earliest = at + withinMs;
    };
    for (const aggregate of this.plan.aggregates) {
      if (aggregate.kind !== 'windowed') continue;
      const { bit, withinMs } = aggregate;
      const edge = asOf - withinMs;
      const log = this.log;
      switch (aggregate.signal.aggregation.kind) {
        case 'count':
          consider(log?.firstMatch(bit, edge) ?? null, withinMs);
          break;
        case 'sum':
          consider(inSlot(this.sums, aggregate.sum)?.firstTime() ?? null, withinMs);
          break;
        case 'distinct_users': {
          const last = log?.lastMatch(bit) ?? null;
          consider(last !== null && last > edge ? last : null, withinMs);
          break;
        }
        case 'distinct_days':
          consider(log?.earliestDayEnd(bit, edge) ?? null, withinMs);
          break;
        case 'distinct_property':
          consider(inSlot(this.latest, aggregate.latest)?.firstTime() ?? null, withinMs);
      }
    }
    return earliest;
  }

  /** Rows and values held: the cell's memory, apart from a constant. */
  get entries(): number {
    let total = this.log?.length ?? 0;
    for (const sums of everySlot(this.sums)) total += sums?.length ?? 0;
    for (const latest of everySlot(this.latest)) total += latest?.size ?? 0;
    for (const values of everySlot(this.values)) total += values?.size ?? 0;
    return total;
  }

  snapshot(): CellSnapshot {
    const sums = this.slotted(this.sums, this.plan.sums, (list) => {
      const { times, values } = list?.toArrays() ?? { times: [], values: [] };
      return [times, values] as const;
    });
    const latest = this.slotted(this.latest, this.plan.latestMaps, (list) => list?.pairs() ?? []);
    const histories = this.histories === null ? undefined : [...this.histories].map(nullIfNaN);
    const values = this.slotted(this.values, this.plan.valueSets, (set) => [...(set ?? [])]);
    const snapshot: CellSnapshot = {
      first: this.first,
      last: this.last,
      log: this.log?.rows() ?? [],
      ...(sums === undefined ? {} : { sums }),
      ...(latest === undefined ? {} : { latest }),
      ...(histories === undefined ? {} : { histories }),
      ...(values === undefined ? {} : { values }),
    };
    return packTimes(snapshot, EventLog.stride(this.plan.words));
  }

  /** A slot kind as a snapshot: one entry per slot (none when no slot was made). */
  private slotted<T extends object, S>(
    slots: Slots<T>,
    of: number,
    save: (value: T | undefined) => S,
  ): S[] | undefined {
    if (slots === undefined) return undefined;
    return Array.from({ length: of }, (_, slot) => save(inSlot(slots, slot)));
  }

  /** A cell as saved under the same definition (the same plan). */
  static restore(arena: CellArena, saved: CellSnapshot, key: string | null, tag: string | null): Cell {
    const snapshot = unpackTimes(saved, EventLog.stride(arena.plan.words));
    const cell = new Cell(arena, key, tag);
    const { plan } = arena;
    arena.setTimes(cell.index, snapshot.first, snapshot.last);
    if (snapshot.log.length > 0) cell.log = EventLog.from(arena.logRows, snapshot.log);
    snapshot.sums?.forEach(([times, values], slot) => {
      cell.sums = withSlot(
        cell.sums,
        slot,
        plan.sums,
        times.length === 0 ? undefined : EntryList.from(times, values, arena.sumRows),
      );
    });
    snapshot.latest?.forEach((pairs, slot) => {
      const list = LatestTimes.from(
        pairs.map(([value, time]) => [arena.shared(value), time] as const),
        arena.latestRows,
      );
      cell.latest = withSlot(cell.latest, slot, plan.latestMaps, list.size === 0 ? undefined : list);
    });
    if (snapshot.histories !== undefined) {
      cell.histories = Float64Array.from(snapshot.histories, (value) => value ?? Number.NaN);
    }
    snapshot.values?.forEach((values, slot) => {
      const set = new Set(values.map((value) => arena.shared(value)));
      cell.values = withSlot(cell.values, slot, plan.valueSets, set.size === 0 ? undefined : set);
    });
    return cell;
  }

  private aggregate(index: number): AggregatePlan {
    const aggregate = this.plan.aggregates[index];
    if (aggregate === undefined) throw new Error(`bug: no aggregate ${index} in a cell`);
    return aggregate;
  }

  private addSum(aggregate: AggregatePlan & { kind: 'windowed' }, event: StoredEvent): void {
    const path = aggregate.signal.aggregation.kind === 'sum' ? aggregate.signal.aggregation.path : [];
    const amount = readPath(event.properties, path);
    if (typeof amount !== 'number') return;
    let list = inSlot(this.sums, aggregate.sum);
    if (list === undefined) {
      list = new EntryList(this.arena.sumRows);
      this.sums = withSlot(this.sums, aggregate.sum, this.plan.sums, list);
    }
    list.add(event.timestamp, amount);
  }

  private addLatest(aggregate: AggregatePlan & { kind: 'windowed' }, event: StoredEvent): void {
    const { aggregation } = aggregate.signal;
    if (aggregation.kind !== 'distinct_property') return;
    const value = distinctValueKey(readPath(event.properties, aggregation.path));
    if (value === null) return;
    let list = inSlot(this.latest, aggregate.latest);
    if (list === undefined) {
      list = new LatestTimes(this.arena.latestRows);
      this.latest = withSlot(this.latest, aggregate.latest, this.plan.latestMaps, list);
    }
    list.see(this.arena.shared(value), event.timestamp);
  }

  /** The distinct property's values inside the window after `edge` (the older ones dropped). */
  private latestAsOf(aggregate: AggregatePlan & { kind: 'windowed' }, edge: number): LatestTimes | undefined {
    const list = inSlot(this.latest, aggregate.latest);
    if (list === undefined) return undefined;
    list.dropThrough(edge);
    if (list.size > 0) return list;
    this.latest = withSlot(this.latest, aggregate.latest, this.plan.latestMaps, undefined);
    return undefined;
  }

  private addHistory(aggregate: AggregatePlan & { kind: 'history' }, event: StoredEvent): void {
    this.histories ??= new Float64Array(this.plan.histories * HISTORY).map((_, at) =>
      at % HISTORY >= 2 ? Number.NaN : 0,
    );
    const at = aggregate.slot * HISTORY;
    const { histories } = this;
    const time = event.timestamp;
    histories[at + 1] = (histories[at + 1] ?? 0) + 1;
    if (!(time >= (histories[at + 2] ?? Number.NaN))) histories[at + 2] = time;
    if (!(time <= (histories[at + 3] ?? Number.NaN))) histories[at + 3] = time;
    const { aggregation } = aggregate.signal;
    if (aggregation.kind === 'count' || aggregation.kind === 'sum') {
      const amount = aggregation.kind === 'count' ? 1 : readPath(event.properties, aggregation.path);
      if (typeof amount === 'number') histories[at] = (histories[at] ?? 0) + amount;
      return;
    }
    const value =
      aggregation.kind === 'distinct_users'
        ? userKeyOf(event)
        : aggregation.kind === 'distinct_days'
          ? String(utcDay(time))
          : distinctValueKey(readPath(event.properties, aggregation.path));
    if (value === null) return;
    let set = inSlot(this.values, aggregate.values);
    if (set === undefined) {
      set = new Set<string>();
      this.values = withSlot(this.values, aggregate.values, this.plan.valueSets, set);
    }
    if (!set.has(value)) set.add(this.arena.shared(value));
  }

  /** Number `field` of all-history record `slot` (0 total, 1 matched, 2 first, 3 last). */
  private history(slot: number, field: number): number {
    return this.histories?.[slot * HISTORY + field] ?? (field >= 2 ? Number.NaN : 0);
  }
}

const nullIfNaN = (value: number): number | null => (Number.isNaN(value) ? null : value);
