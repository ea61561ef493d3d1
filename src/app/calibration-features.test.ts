/**
 * The feature matrix read from the store means what the proposal will mean: on generated demo data,
 * every generated candidate signal (events and traits), written as the YAML the proposal would
 * carry, holds for exactly the entities the reference evaluator says it holds for as of each
 * entity's decision time; the current definition's signals and scores equal a full scoring of the
 * store as of that time; and no row was already decided by its decision time.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openDemoStore } from '../../test/support/demo-store.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import type { DefinitionIR } from '../definition/ir.ts';
import { loadDefinition } from '../definition/load-definition.ts';
import type { FeatureMatrix } from '../learn/feature-matrix.ts';
import type { EntityType } from '../model/dataset.ts';
import { scoreAll } from '../score/reference/index.ts';
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { readDataset } from '../store/read-dataset.ts';
import { type CalibrationFeatureRequest, calibrationFeatures } from './calibration-features.ts';
import { scoreStored } from './score-service.ts';

const DAY = 86_400_000;
const END = Date.UTC(2025, 5, 2);
const dir = tempDir();
let store: DuckDbStore;

beforeAll(async () => {
  store = await openDemoStore(dir.path, { users: 200, accounts: 25, days: 45, seed: 3, endAt: END });
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

function request(entityType: EntityType, ir: DefinitionIR | null): CalibrationFeatureRequest {
  return {
    workspaceId: 'default',
    entityType,
    source: 'events',
    decision: { afterMs: 7 * DAY, atMs: null },
    horizonMs: null,
    label: 'won',
    onlyDecided: false,
    windowsMs: [7 * DAY, 14 * DAY],
    excludeEvents: [],
    excludeTraits: [],
    minSupport: 0,
    definition: ir === null ? null : { ir, options: { domainAccounts: false }, pqlTier: null },
  };
}

/** A definition holding every generated signal body, to evaluate them with the reference evaluator. */
function generatedDefinition(matrix: FeatureMatrix, entity: EntityType): DefinitionIR {
  const signals = Object.fromEntries(
    matrix.features.flatMap((f) => (f.signal === undefined ? [] : [[f.name, f.signal] as const])),
  );
  const first = Object.keys(signals)[0] ?? 'none';
  const text = stringify({ kindling: 1, name: 'generated', entity, signals, points: { [first]: 1 } });
  const loaded = loadDefinition(text, 'generated.yml');
  if (loaded.ir === null) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
  return loaded.ir;
}

function byDecisionTime(matrix: FeatureMatrix): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  matrix.decisionTimes.forEach((t, row) => {
    groups.set(t, [...(groups.get(t) ?? []), row]);
  });
  return groups;
}

describe.each(['account', 'user'] as const)('candidate signals of %ss as of each decision time', (entity) => {
  it('equal the reference evaluator on the proposal YAML, signal by signal and entity by entity', async () => {
    const built = await calibrationFeatures(store.database, request(entity, null));
    if (!built.ok) throw new Error(built.error.message);
    const { matrix } = built.value;
    const generated = matrix.features.filter((f) => f.signal !== undefined);
    expect(generated.length).toBeGreaterThan(10);
    expect(generated.some((f) => 'trait' in (f.signal ?? {}))).toBe(true);
    const ir = generatedDefinition(matrix, entity);
    const data = await readDataset(store.database.client, 'default', { kind: 'workspace' });
    let compared = 0;
    for (const [asOf, rows] of byDecisionTime(matrix)) {
      const reference = new Map(
        scoreAll(ir, data, asOf, { domainAccounts: false }).map((s) => [s.entityId, s] as const),
      );
      for (const row of rows) {
        const score = reference.get(matrix.entityIds[row] ?? '');
        for (const feature of generated) {
          const expected = score?.signals[feature.name]?.holds === true ? 1 : 0;
          if (feature.values[row] !== expected) {
            throw new Error(
              `${feature.name} of ${matrix.entityIds[row]} as of ${new Date(asOf).toISOString()}: ${feature.values[row]} ≠ ${expected}`,
            );
          }
          compared++;
        }
      }
    }
    expect(compared).toBe(matrix.entityIds.length * generated.length);
  });
});

describe('rows, decision times and labels', () => {
  it('decide each entity at the end of the day 7 days after it was first seen, before any outcome', async () => {
    const built = await calibrationFeatures(store.database, request('account', null));
    if (!built.ok) throw new Error(built.error.message);
    const { matrix, counts } = built.value;
    const reader = await store.readConn.runAndReadAll(
      `SELECT entity_id, type, epoch_ms(ts) FROM outcomes WHERE entity_type = 'account'`,
    );
    const outcomes = reader
      .getRows()
      .map(([id, type, at]) => ({ id: String(id), type: String(type), at: Number(at) }));
    matrix.entityIds.forEach((id, row) => {
      const decision = matrix.decisionTimes[row] ?? 0;
      const firstSeen = matrix.firstSeen?.[row] ?? 0;
      expect(decision).toBe(Math.floor((firstSeen + 7 * DAY) / DAY) * DAY + DAY - 1);
      const mine = outcomes.filter((o) => o.id === id);
      expect(mine.some((o) => (o.type === 'won' || o.type === 'lost') && o.at <= decision)).toBe(false);
      expect(matrix.labels[row]).toBe(mine.some((o) => o.type === 'won' && o.at > decision) ? 1 : 0);
    });
    expect(counts.rows + counts.decidedBeforeDecision + counts.notSeenByDecision).toBe(counts.entities);

    const censored = await calibrationFeatures(store.database, {
      ...request('account', null),
      horizonMs: 20 * DAY,
    });
    if (!censored.ok) throw new Error(censored.error.message);
    for (const t of censored.value.matrix.decisionTimes) expect(t + 20 * DAY).toBeLessThanOrEqual(END);
    expect(censored.value.counts.censored).toBeGreaterThan(0);
  });
});

describe("the current definition's signals and scores", () => {
  it('equal a full scoring of the store as of each decision time', async () => {
    const file = 'examples/demo/seed-003-accounts.yml';
    const ir = loadDefinition(readFileSync(file, 'utf8'), file).ir;
    if (ir === null) throw new Error(`${file} is invalid`);
    const built = await calibrationFeatures(store.database, request('account', ir));
    if (!built.ok) throw new Error(built.error.message);
    const { matrix, definitionRuns } = built.value;
    const groups = byDecisionTime(matrix);
    expect(definitionRuns).toBe(groups.size);
    let someScore = false;
    for (const [asOf, rows] of groups) {
      const scored = await scoreStored(store, ir, {
        workspaceId: 'default',
        asOf,
        options: { domainAccounts: false },
      });
      if (!scored.ok) throw new Error(scored.error.message);
      const full = new Map(scored.value.map((s) => [s.entityId, s] as const));
      for (const row of rows) {
        const score = full.get(matrix.entityIds[row] ?? '');
        expect(matrix.current?.scores[row]).toBe(score?.score ?? 0);
        expect(matrix.multiplierPercent?.[row]).toBe(score?.multiplierPercent ?? 100);
        for (const signal of ir.signals.filter((s) => !s.inline)) {
          const column = matrix.features.find((f) => f.name === signal.name);
          expect(column?.values[row]).toBe(score?.signals[signal.name]?.holds === true ? 1 : 0);
        }
        someScore ||= (score?.score ?? 0) > 0;
      }
    }
    expect(someScore).toBe(true);
  });
});
