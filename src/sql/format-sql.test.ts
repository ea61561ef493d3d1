import { describe, expect, test } from 'vitest';
import { formatSql } from './format-sql.ts';
import { cte, query, select, union } from './query-node.ts';

describe('formatSql', () => {
  test('prints CTEs, unions, joins, conditions and settings one clause per line', () => {
    const node = query(
      [
        cte('a', select({ columns: ['x', 'y'], from: 't', where: ['x > 1', 'y < 2'] }), 'first note'),
        cte(
          'b',
          union([
            select({ columns: ['x'], from: 'a' }),
            select({ distinct: true, columns: ['x'], from: 'u' }),
          ]),
        ),
      ],
      select({
        columns: ['b.x'],
        from: 'b',
        joins: ['JOIN a ON a.x = b.x'],
        groupBy: ['b.x'],
        orderBy: ['b.x'],
      }),
      'SETTINGS s = 1',
    );
    expect(formatSql(node)).toBe(
      [
        'WITH',
        '  -- first note',
        '  a AS (',
        '    SELECT',
        '      x,',
        '      y',
        '    FROM t',
        '    WHERE x > 1',
        '      AND y < 2',
        '  ),',
        '  b AS (',
        '    SELECT',
        '      x',
        '    FROM a',
        '    UNION ALL',
        '    SELECT DISTINCT',
        '      x',
        '    FROM u',
        '  )',
        'SELECT',
        '  b.x',
        'FROM b',
        'JOIN a ON a.x = b.x',
        'GROUP BY b.x',
        'ORDER BY b.x',
        'SETTINGS s = 1',
      ].join('\n'),
    );
  });

  test('a query without CTEs or settings is just the SELECT', () => {
    expect(formatSql(query([], select({ columns: ['1 AS one'], from: 't' }), ''))).toBe(
      'SELECT\n  1 AS one\nFROM t',
    );
  });
});
