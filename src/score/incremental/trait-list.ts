/**
 * The winning record per trait of one user key or account, packed into one JSON string of
 * `[key, value, timestamp, seq]` rows. The owner's id and type are not repeated: they are the
 * key or account the list is kept under. A record as an object costs five heap objects with its
 * value and time; across a 10 M-event store's keys that was over a million objects, a quarter of
 * the state, each one visited by every full collection (issue 16: those collections set the tail
 * of a pass). Traits change seldom and are read only when their entity is scored or described.
 */
import type { JsonValue } from '../../lib/json.ts';
import type { EntityType, TraitRecord } from '../../model/dataset.ts';
import { isLater, type TraitTable } from '../reference/traits.ts';

/** The packed rows; undefined: no record. */
export type TraitList = string | undefined;

type Row = [key: string, value: JsonValue, timestamp: number | null, seq: number];

/** One winning record as the list keeps it, without its owner (a saved unit's traits). */
export type TraitRow = Readonly<Row>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * `JSON.stringify`'s result as one flat string: V8 returns a tree of joined pieces (five or six
 * heap objects for a few traits), and a tree is kept as it is until something reads it whole.
 */
const flat = (rows: readonly Row[]): string => decoder.decode(encoder.encode(JSON.stringify(rows)));

function rowsOf(list: TraitList): Row[] {
  return list === undefined ? [] : (JSON.parse(list) as Row[]);
}

const recordOf = (
  [key, value, timestamp, seq]: TraitRow,
  entityType: EntityType,
  entityId: string,
): TraitRecord => ({
  entityType,
  entityId,
  key,
  value,
  timestamp,
  seq,
});

/** `list` with `record` kept when it is the latest of its trait (the same list when it is not). */
export function offerTrait(list: TraitList, record: TraitRecord): TraitList {
  const rows = rowsOf(list);
  const at = rows.findIndex(([key]) => key === record.key);
  const held = rows[at];
  if (held !== undefined && !isLater(record, recordOf(held, record.entityType, record.entityId))) return list;
  const row: Row = [record.key, record.value, record.timestamp, record.seq];
  if (held === undefined) rows.push(row);
  else rows[at] = row;
  return flat(rows);
}

/** The list's records, as kept under `entityId` (a user key or an account). */
export function traitRecords(list: TraitList, entityType: EntityType, entityId: string): TraitRecord[] {
  return rowsOf(list).map((row) => recordOf(row, entityType, entityId));
}

/** The list's rows: its records without their owner. */
export function traitRows(list: TraitList): TraitRow[] {
  return rowsOf(list);
}

/**
 * A list holding the latest of `records` per trait: records, or rows of a list kept under
 * `entityId` (a user key or an account, of `entityType`).
 */
export function traitListOf(
  records: readonly (TraitRecord | TraitRow)[],
  entityType: EntityType,
  entityId: string,
): TraitList {
  let list: TraitList;
  for (const record of records) {
    list = offerTrait(list, isRow(record) ? recordOf(record, entityType, entityId) : record);
  }
  return list;
}

const isRow = (record: TraitRecord | TraitRow): record is TraitRow => Array.isArray(record);

/** The latest record per trait over several lists (a user's keys), as a table; undefined: none. */
export function traitTable(
  lists: readonly (readonly [list: TraitList, entityType: EntityType, entityId: string])[],
): TraitTable | undefined {
  let table: TraitTable | undefined;
  for (const [list, entityType, entityId] of lists) {
    if (list === undefined) continue;
    table ??= new Map();
    for (const record of traitRecords(list, entityType, entityId)) {
      const current = table.get(record.key);
      if (current === undefined || isLater(record, current)) table.set(record.key, record);
    }
  }
  return table;
}
