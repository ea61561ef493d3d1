/**
 * Result rows → EntityScore, exactly: drivers hand back 64-bit integers as bigint or text and
 * ClickHouse booleans as 0/1, so every field is normalised here rather than in each driver.
 */
import type { EntityScore, SignalOutcome, SignalValue } from '../score/entity-score.ts';
import type { ResultLayout } from './compile-score-query.ts';

export type ResultRow = Readonly<Record<string, unknown>>;

export function mapScoreRows(rows: readonly ResultRow[], layout: ResultLayout): EntityScore[] {
  return rows.map((row) => mapRow(row, layout));
}

function mapRow(row: ResultRow, layout: ResultLayout): EntityScore {
  const gates: Record<string, boolean> = {};
  for (const gate of layout.gates) gates[gate.name] = toBoolean(row[gate.column]);
  const signals: Record<string, SignalOutcome> = {};
  for (const signal of layout.signals) {
    const holds = toBoolean(row[signal.holds]);
    const raw = signal.value === null ? holds : row[signal.value];
    signals[signal.name] = { holds, value: signal.valueIsJson ? fromJsonText(raw) : toValue(raw) };
  }
  const tier = row.tier;
  return {
    entityType: layout.entityType,
    entityId: String(row.entity_id),
    asOf: layout.asOf,
    score: toNumber(row.score),
    tier: tier === null || tier === undefined ? null : String(tier),
    handRaiser: toBoolean(row.hand_raiser),
    gates,
    signals,
    pointsTotal: toNumber(row.points_total),
    multiplierPercent: toNumber(row.multiplier_percent),
    lastEventAt:
      row.last_event_at === null || row.last_event_at === undefined ? null : toNumber(row.last_event_at),
  };
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  throw new Error(`bug: expected a number from SQL, got ${typeof value}`);
}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value !== 0 && value !== 0n;
  if (value === 'true' || value === 't') return true;
  if (value === 'false' || value === 'f') return false;
  throw new Error(`bug: expected a boolean from SQL, got ${String(value)}`);
}

function toValue(value: unknown): SignalValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  return toNumber(value);
}

/** Trait values: strings, numbers and booleans as stored, other JSON as its (compact) text. */
function fromJsonText(value: unknown): SignalValue {
  if (value === null || value === undefined) return null;
  const parsed: unknown = JSON.parse(String(value));
  if (parsed === null) return null;
  if (typeof parsed === 'string' || typeof parsed === 'number' || typeof parsed === 'boolean') return parsed;
  return JSON.stringify(parsed);
}
