import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../../definition/load-definition.ts';
import { HEADER } from '../../definition/testing.ts';
import { compileSeriesQuery } from '../series/compile-series-query.ts';
import { DIALECT_ENTRIES, DIALECT_NAMES, isDialectName } from './registry.ts';

describe('the dialect registry', () => {
  it('lists each dialect once, under the name its Dialect reports', () => {
    expect(DIALECT_ENTRIES.map((entry) => entry.name)).toEqual([...DIALECT_NAMES]);
    for (const entry of DIALECT_ENTRIES) expect(entry.dialect().name).toBe(entry.name);
    expect(isDialectName('postgres')).toBe(true);
    expect(isDialectName('mysql')).toBe(false);
  });

  it('only dialects with the series capability compile a series query', () => {
    const ir = loadDefinition(`${HEADER}signals:\n  a: { event: A }\n`, 'k.yml').ir;
    if (ir === null) throw new Error('the definition should be valid');
    for (const entry of DIALECT_ENTRIES) {
      const dialect = entry.dialect();
      const compiled = compileSeriesQuery(ir, {
        dialect,
        grid: { startMs: Date.UTC(2025, 0, 1), stepMs: 86_400_000, count: 3 },
        workspaceId: 'w',
        rows: 'all',
      });
      expect(compiled.ok ? 'compiled' : compiled.error.code, entry.name).toBe(
        dialect.supportsSeries ? 'compiled' : 'sql-series-unsupported',
      );
    }
  });
});
