/**
 * A cell: the counted events of one user key (or of none) sent with one group tag (or none).
 * Every event falls in exactly one cell, so a user (the cells of its keys) and an account (the
 * cells tagged with it plus its members' cells) are unions of whole cells, each event once,
 * whatever identity and membership say at the time of evaluation.
 */
import type { AggregateSignal } from '../../definition/ir.ts';
import type { StoredEvent } from '../../model/dataset.ts';
import type { Matches } from '../explain/index.ts';
import { matchesEvent } from '../reference/aggregate.ts';
import {
  type AggregateSnapshot,
  type AggregateState,
  matchesForFree,
  matchKey,
  newAggregateState,
  windowEdge,
} from './aggregate-state.ts';

/** A cell as plain JSON: first/last seen and one snapshot per aggregate signal, in order. */
export interface CellSnapshot {
  readonly first: number | null;
  readonly last: number | null;
  readonly states: readonly AggregateSnapshot[];
}

export class Cell {
  /** The first and last counted event, all history (first_seen, last_seen, recency). */
  first: number | null = null;
  last: number | null = null;
  /** Restored from a snapshot saved before receipts came from the state: its matches are unknown. */
  matchesUnknown = false;
  /** One per aggregate signal of the definition, in the same order. */
  readonly states: readonly AggregateState[];
  /** Per aggregate, the index of the state that keeps its matches (itself, or an earlier twin). */
  private readonly matchesFrom: readonly number[];

  /** `key`: the user key whose events the cell counts, null for events without one. */
  constructor(
    private readonly aggregates: readonly AggregateSignal[],
    readonly key: string | null = null,
  ) {
    // Signals matching the same events share one keeper of their matches (receipts only): a
    // windowed count if there is one (its entries are its matches), else the first of them.
    const keeper = new Map<string, number>();
    const free = new Set<string>();
    aggregates.forEach((signal, index) => {
      const key = matchKey(signal);
      if (free.has(key)) return;
      if (matchesForFree(signal)) free.add(key);
      if (!keeper.has(key) || free.has(key)) keeper.set(key, index);
    });
    this.matchesFrom = aggregates.map((signal, index) => keeper.get(matchKey(signal)) ?? index);
    this.states = aggregates.map((signal, index) =>
      newAggregateState(signal, this.matchesFrom[index] === index),
    );
  }

  /** The matching events of aggregate `index` as of `asOf` (receipts). */
  matches(index: number, asOf: number): Matches {
    const from = this.matchesFrom[index] ?? index;
    const signal = this.aggregates[from];
    const state = this.states[from];
    if (signal === undefined || state === undefined) throw new Error(`bug: no aggregate ${index} in a cell`);
    state.expire(windowEdge(signal.withinMs, asOf));
    const matches = state.matches();
    if (matches === null) throw new Error(`bug: aggregate ${signal.name} keeps no matches`);
    return matches;
  }

  snapshot(): CellSnapshot {
    return { first: this.first, last: this.last, states: this.states.map((state) => state.snapshot()) };
  }

  /** A cell as saved; the definition must be the one it was saved under (same aggregates, in order). */
  static restore(aggregates: readonly AggregateSignal[], snapshot: CellSnapshot, key: string | null): Cell {
    if (snapshot.states.length !== aggregates.length) {
      throw new Error('saved cell has a different number of aggregate signals than the definition');
    }
    const cell = new Cell(aggregates, key);
    cell.first = snapshot.first;
    cell.last = snapshot.last;
    cell.states.forEach((state, index) => {
      const saved = snapshot.states[index];
      if (saved !== undefined && !state.restore(saved)) cell.matchesUnknown = true;
    });
    return cell;
  }

  /** `horizon`: the latest time already asked; windows never reach back before it again. */
  add(event: StoredEvent, horizon: number): void {
    const time = event.timestamp;
    if (this.first === null || time < this.first) this.first = time;
    if (this.last === null || time > this.last) this.last = time;
    this.aggregates.forEach((signal, index) => {
      if (matchesEvent(signal, event)) this.states[index]?.add(event, windowEdge(signal.withinMs, horizon));
    });
  }

  expire(asOf: number): void {
    this.aggregates.forEach((signal, index) => {
      this.states[index]?.expire(windowEdge(signal.withinMs, asOf));
    });
  }

  /** Entries held across all signals: the cell's memory, apart from a constant. */
  get entries(): number {
    return this.states.reduce((total, state) => total + state.size, 0);
  }

  /** The earliest time at which an entry leaves a window, null when none will. */
  nextExpiry(): number | null {
    let earliest: number | null = null;
    for (const state of this.states) {
      const at = state.nextExpiry();
      if (at !== null && (earliest === null || at < earliest)) earliest = at;
    }
    return earliest;
  }
}
