/**
 * Trait values as of a time: per key, the latest record at or before `asOf` (a record without a
 * timestamp is set since the beginning of time), ties broken by the larger `seq`.
 */
import type { JsonValue } from '../../lib/json.ts';
import type { TraitRecord } from '../../model/dataset.ts';

/** The traits of one entity: key → the winning record. */
export type TraitTable = Map<string, TraitRecord>;

export function existsAt(record: TraitRecord, asOf: number): boolean {
  return record.timestamp === null || record.timestamp <= asOf;
}

export function isLater(record: TraitRecord, than: TraitRecord): boolean {
  const a = record.timestamp ?? Number.NEGATIVE_INFINITY;
  const b = than.timestamp ?? Number.NEGATIVE_INFINITY;
  if (a !== b) return a > b;
  return record.seq > than.seq;
}

/** Adds a record that exists as of the snapshot time, keeping the latest per key. */
export function offer(table: TraitTable, record: TraitRecord): void {
  const current = table.get(record.key);
  if (current === undefined || isLater(record, current)) table.set(record.key, record);
}

/** A trait set to JSON null is unset: it reads as missing, like one never set. */
export function traitValue(table: TraitTable | undefined, key: string): JsonValue | undefined {
  const value = table?.get(key)?.value;
  return value === null ? undefined : value;
}
