import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DefinitionIR } from '../definition/ir.ts';
import type { Dataset } from '../model/dataset.ts';
import { compileScoreQuery } from './compile-score-query.ts';
import type { Dialect } from './dialect.ts';
import { ClickHouseDialect } from './dialects/clickhouse-dialect.ts';
import { DuckDbDialect } from './dialects/duckdb-dialect.ts';
import { PostgresDialect } from './dialects/postgres-dialect.ts';
import type { SqlDriver } from './driver.ts';
import { loadDataset } from './load-dataset.ts';
import { scoreWithSql } from './score-with-sql.ts';
import { openAllDrivers } from './testing/all-drivers.ts';

const DAY = 86_400_000;
const AS_OF = Date.UTC(2024, 5, 1);

/** Pricing-page views this week and a company-size trait, ten and five points. */
const ir: DefinitionIR = {
  kindling: 1,
  name: 'small',
  entity: 'user',
  description: null,
  signals: [
    {
      kind: 'aggregate',
      name: 'pricing',
      label: null,
      inline: false,
      event: '$page',
      where: [{ path: ['path'], comparison: { op: 'eq', value: '/pricing' } }],
      withinMs: 7 * DAY,
      aggregation: { kind: 'count' },
      bounds: { atLeast: null, atMost: null },
    },
    {
      kind: 'trait',
      name: 'big',
      label: null,
      inline: false,
      trait: 'size',
      comparison: { op: 'gte', value: 100 },
    },
  ],
  gates: [],
  points: [
    { signal: 'pricing', points: 10 },
    { signal: 'big', points: 5 },
  ],
  cap: 100,
  recency: [],
  handRaisers: [],
  tiers: [
    { name: 'warm', min: 0 },
    { name: 'hot', min: 10 },
  ],
};

const dataset: Dataset = {
  events: [
    {
      messageId: 'm1',
      type: 'page',
      event: '$page',
      userId: 'u1',
      anonymousId: null,
      groupId: null,
      timestamp: AS_OF - DAY,
      properties: { path: '/pricing' },
    },
    {
      messageId: 'm2',
      type: 'page',
      event: '$page',
      userId: 'u2',
      anonymousId: null,
      groupId: null,
      timestamp: AS_OF - 8 * DAY,
      properties: { path: '/pricing' },
    },
    {
      messageId: 'm3',
      type: 'page',
      event: '$page',
      userId: 'u2',
      anonymousId: null,
      groupId: null,
      timestamp: AS_OF + DAY,
      properties: { path: '/pricing' },
    },
  ],
  links: [],
  memberships: [],
  traits: [{ entityType: 'user', entityId: 'u2', key: 'size', value: 250, timestamp: null, seq: 1 }],
};

const dialects: readonly Dialect[] = [new DuckDbDialect(), new PostgresDialect(), new ClickHouseDialect()];

describe('the printed SQL of a small definition', () => {
  for (const dialect of dialects) {
    test(dialect.name, async () => {
      const compiled = compileScoreQuery(ir, { dialect, asOf: AS_OF, workspaceId: 'ws' });
      if (!compiled.ok) throw new Error(compiled.error.message);
      await expect(compiled.value.sql).toMatchFileSnapshot(
        `./__snapshots__/small-definition.${dialect.name}.sql`,
      );
      expect(compiled.value.layout.signals).toEqual([
        { name: 'pricing', holds: 'sig_pricing_holds', value: 'sig_pricing_value', valueIsJson: false },
        { name: 'big', holds: 'sig_big_holds', value: 'sig_big_value', valueIsJson: true },
      ]);
    });
  }
});

describe('typed errors name the dialect', () => {
  test('an as_of outside the timestamp range', () => {
    const result = compileScoreQuery(ir, {
      dialect: new ClickHouseDialect(),
      asOf: Date.UTC(2400, 0, 1),
      workspaceId: 'ws',
    });
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'sql-as-of-out-of-range',
      dialect: 'clickhouse',
    });
    expect(
      compileScoreQuery(ir, { dialect: new DuckDbDialect(), asOf: Date.UTC(2400, 0, 1), workspaceId: 'ws' })
        .ok,
    ).toBe(true);
  });

  test('an empty property name on DuckDB only', () => {
    const empty: DefinitionIR = {
      ...ir,
      signals: ir.signals.map((s) =>
        s.kind === 'aggregate'
          ? { ...s, where: [{ path: [''], comparison: { op: 'exists', value: true } }] }
          : s,
      ),
    };
    const result = compileScoreQuery(empty, { dialect: new DuckDbDialect(), asOf: AS_OF, workspaceId: 'ws' });
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'sql-unsupported-empty-property-name',
      dialect: 'duckdb',
    });
    expect(
      compileScoreQuery(empty, { dialect: new PostgresDialect(), asOf: AS_OF, workspaceId: 'ws' }).ok,
    ).toBe(true);
  });
});

describe('the small definition on every engine', () => {
  let drivers: SqlDriver[] = [];
  beforeAll(async () => {
    drivers = await openAllDrivers();
    for (const driver of drivers) {
      await loadDataset(driver, 'ws', dataset);
      // Another workspace's rows must never leak into the result.
      await loadDataset(driver, 'other', {
        ...dataset,
        traits: [{ entityType: 'user', entityId: 'u9', key: 'size', value: 500, timestamp: null, seq: 1 }],
      });
    }
  });
  afterAll(async () => {
    for (const driver of drivers) await driver.close();
  });

  test('scores u1 on pricing and u2 on size, ignoring later and out-of-window events', async () => {
    for (const driver of drivers) {
      const result = await scoreWithSql(driver, ir, { asOf: AS_OF, workspaceId: 'ws' });
      expect(result.ok, driver.dialect.name).toBe(true);
      const scores = result.ok ? result.value : [];
      expect(
        scores.map((s) => [
          s.entityId,
          s.score,
          s.tier,
          s.signals.pricing?.value,
          s.signals.big?.value,
          s.lastEventAt,
        ]),
        driver.dialect.name,
      ).toEqual([
        ['u1', 10, 'hot', 1, null, AS_OF - DAY],
        ['u2', 5, 'warm', 0, 250, AS_OF - 8 * DAY],
      ]);
    }
  });
});
