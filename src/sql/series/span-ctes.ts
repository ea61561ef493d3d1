/**
 * Two building blocks over rows carrying a span `[from_j, to_j)` of grid indices:
 * merging overlapping spans per key (islands), and the latest record per key over the elementary
 * segments its records' spans cut the grid into.
 */
import { latestTraitOrder } from '../compile/identity-ctes.ts';
import { type CteNode, cte, select } from '../query-node.ts';

/**
 * `name(keys…, from_j, to_j)`: the union of the spans of `from` per `keys`, as disjoint, non-adjacent
 * spans. Spans sharing an end are first reduced to their earliest start (their union), which
 * turns millions of event rows into a few spans per key before the window functions run.
 */
export function islandCtes(name: string, from: string, keys: readonly string[]): CteNode[] {
  const by = keys.join(', ');
  const ordered = `PARTITION BY ${by} ORDER BY from_j, to_j`;
  return [
    cte(
      `${name}_ends`,
      select({ columns: [...keys, 'to_j', 'min(from_j) AS from_j'], from, groupBy: [...keys, 'to_j'] }),
    ),
    cte(
      `${name}_reach`,
      select({
        columns: [
          ...keys,
          'from_j',
          'to_j',
          `max(to_j) OVER (${ordered} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach`,
        ],
        from: `${name}_ends`,
      }),
    ),
    cte(
      `${name}_numbered`,
      select({
        columns: [
          ...keys,
          'from_j',
          'to_j',
          `sum(CASE WHEN reach IS NULL OR from_j > reach THEN 1 ELSE 0 END) OVER (${ordered} ROWS UNBOUNDED PRECEDING) AS island`,
        ],
        from: `${name}_reach`,
      }),
    ),
    cte(
      name,
      select({
        columns: [...keys, 'min(from_j) AS from_j', 'max(to_j) AS to_j'],
        from: `${name}_numbered`,
        groupBy: [...keys, 'island'],
      }),
    ),
  ];
}

/**
 * `name(entity_id, key, from_j, to_j, value)`: for trait records `from(entity_id, key, value, ts,
 * seq, from_j, to_j)`, the value in force on each elementary segment between consecutive span
 * ends: the record with the larger ts (null = −∞), then the larger seq, among those whose span
 * covers the whole segment. Segments no record covers are absent (the trait is missing there).
 */
export function latestSegmentCtes(name: string, from: string, keyCondition: string): CteNode[] {
  return [
    cte(
      `${name}_points`,
      select({
        distinct: true,
        columns: ['entity_id', 'key', 'b'],
        from: `(SELECT entity_id, key, from_j AS b FROM ${from} WHERE ${keyCondition} UNION ALL SELECT entity_id, key, to_j AS b FROM ${from} WHERE ${keyCondition})`,
      }),
    ),
    cte(
      `${name}_segments`,
      select({
        columns: [
          'entity_id',
          'key',
          'b AS from_j',
          'lead(b) OVER (PARTITION BY entity_id, key ORDER BY b) AS to_j',
        ],
        from: `${name}_points`,
      }),
    ),
    cte(
      `${name}_ranked`,
      select({
        columns: [
          's.entity_id AS entity_id',
          's.key AS key',
          's.from_j AS from_j',
          's.to_j AS to_j',
          'r.value AS value',
          `row_number() OVER (PARTITION BY s.entity_id, s.key, s.from_j ORDER BY ${latestTraitOrder('r.')}) AS trait_rank`,
        ],
        from: `${name}_segments AS s`,
        joins: [
          `JOIN ${from} AS r ON r.entity_id = s.entity_id AND r.key = s.key AND r.from_j <= s.from_j AND r.to_j >= s.to_j`,
        ],
        where: ['s.to_j IS NOT NULL'],
      }),
    ),
    cte(
      name,
      select({
        columns: ['entity_id', 'key', 'from_j', 'to_j', 'value'],
        from: `${name}_ranked`,
        where: ['trait_rank = 1'],
      }),
    ),
  ];
}
