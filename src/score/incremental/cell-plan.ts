/**
 * How a definition's aggregate signals are kept in a cell, worked out once per scorer and shared by
 * every cell (cell.ts): each cell then holds a few packed arrays, not an object per signal.
 *
 * - Windowed signals read one event log per cell (event-log.ts): an entry per matching event (its
 *   time and a bit mask). Signals with the same event name and filters share a bit; the log keeps
 *   an entry while it is inside the longest window of its bits. A count, the matches of a receipt,
 *   distinct days and distinct users (a cell has one user key) are read from the log.
 * - A windowed sum also keeps (time, amount) entries of the events that carried a number.
 * - A windowed distinct property keeps the latest time per value.
 * - An all-history signal keeps a running total, how many events matched and the first and last
 *   (four numbers), and for a distinct aggregation the set of values seen.
 */
import type { AggregateSignal } from '../../definition/ir.ts';

export type AggregatePlan =
  | {
      readonly kind: 'windowed';
      readonly signal: AggregateSignal;
      readonly withinMs: number;
      /** The bit of the signal's event name and filters in the event log. */
      readonly bit: number;
      /** A windowed sum's slot among the cell's sum lists, else -1. */
      readonly sum: number;
      /** A windowed distinct property's slot among the cell's latest-time maps, else -1. */
      readonly latest: number;
    }
  | {
      readonly kind: 'history';
      readonly signal: AggregateSignal;
      /** The signal's slot among the cell's all-history records. */
      readonly slot: number;
      /** A distinct aggregation's slot among the cell's value sets, else -1. */
      readonly values: number;
    };

export interface CellPlan {
  readonly aggregates: readonly AggregatePlan[];
  /** Per bit of the event log: the longest window of its signals and one signal that decides it. */
  readonly bits: readonly { readonly withinMs: number; readonly signal: AggregateSignal }[];
  /** 32-bit words per log entry for the bits. */
  readonly words: number;
  /** The longest window of any bit: the log keeps what is inside it. */
  readonly logWithinMs: number;
  readonly sums: number;
  readonly latestMaps: number;
  readonly histories: number;
  readonly valueSets: number;
}

/** Signals with the same event name and filters match the same events. */
const matchKey = (signal: AggregateSignal): string => JSON.stringify([signal.event, signal.where]);

export function cellPlan(aggregates: readonly AggregateSignal[]): CellPlan {
  const bitOf = new Map<string, number>();
  const bits: { withinMs: number; signal: AggregateSignal }[] = [];
  let sums = 0;
  let latestMaps = 0;
  let histories = 0;
  let valueSets = 0;
  const plans = aggregates.map((signal): AggregatePlan => {
    const kind = signal.aggregation.kind;
    if (signal.withinMs === null) {
      const distinct = kind !== 'count' && kind !== 'sum';
      return { kind: 'history', signal, slot: histories++, values: distinct ? valueSets++ : -1 };
    }
    const key = matchKey(signal);
    let bit = bitOf.get(key);
    if (bit === undefined) {
      bit = bits.length;
      bitOf.set(key, bit);
      bits.push({ withinMs: signal.withinMs, signal });
    } else {
      const known = bits[bit];
      if (known !== undefined) known.withinMs = Math.max(known.withinMs, signal.withinMs);
    }
    return {
      kind: 'windowed',
      signal,
      withinMs: signal.withinMs,
      bit,
      sum: kind === 'sum' ? sums++ : -1,
      latest: kind === 'distinct_property' ? latestMaps++ : -1,
    };
  });
  return {
    aggregates: plans,
    bits,
    words: Math.max(1, Math.ceil(bits.length / 32)),
    logWithinMs: Math.max(0, ...bits.map((bit) => bit.withinMs)),
    sums,
    latestMaps,
    histories,
    valueSets,
  };
}
