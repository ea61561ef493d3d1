/**
 * The winning record per trait of one user key or account, kept as a short array rather than a
 * `TraitTable` (a Map costs ≈ 300 bytes even for a few traits), with the strings every record
 * repeats shared: its owner's id and the trait's name. Across a large store's keys, traits are a
 * good part of the state's heap (issue 16). Read as a `TraitTable` when scored.
 */
import type { TraitRecord } from '../../model/dataset.ts';
import { isLater, type TraitTable } from '../reference/traits.ts';

export type TraitList = TraitRecord[];

/** Trait names seen, one string each (a store has tens of them, each repeated per record). */
const names = new Map<string, string>();
function shared(name: string): string {
  let known = names.get(name);
  if (known === undefined) {
    if (names.size >= 10_000) names.clear();
    known = name;
    names.set(name, name);
  }
  return known;
}

/** Keeps `record` in `list` when it is the latest of its trait; `owner`: the id it is kept under. */
export function offerTrait(list: TraitList, record: TraitRecord, owner: string): void {
  const at = list.findIndex((held) => held.key === record.key);
  const current = at < 0 ? undefined : list[at];
  if (current !== undefined && !isLater(record, current)) return;
  const kept: TraitRecord = {
    entityType: record.entityType === 'user' ? 'user' : 'account',
    entityId: owner,
    key: current?.key ?? shared(record.key),
    value: record.value,
    timestamp: record.timestamp,
    seq: record.seq,
  };
  if (at < 0) list.push(kept);
  else list[at] = kept;
}

/** The latest record per trait over several lists (a user's keys), as a table; undefined: none. */
export function traitTable(lists: readonly TraitList[]): TraitTable | undefined {
  if (lists.length === 0) return undefined;
  const table: TraitTable = new Map();
  for (const list of lists) {
    for (const record of list) {
      const current = table.get(record.key);
      if (current === undefined || isLater(record, current)) table.set(record.key, record);
    }
  }
  return table;
}
