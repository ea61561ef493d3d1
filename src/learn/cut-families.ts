/**
 * Which candidates are cuts of one quantity: generated signals whose YAML bodies are equal but for
 * their threshold (`{ trait: seats, gte: 5 }` and `{ trait: seats, gte: 50 }`; `{ event: Export,
 * within: 30d, at_least: 1 }` and `… at_least: 4 }`). fit-points.ts keeps such a family's points
 * stepping in one direction, or one band.
 */
import type { JsonValue } from '../lib/json.ts';
import type { FeatureColumn } from './feature-matrix.ts';
import type { CutFamily } from './fit-points.ts';

const THRESHOLD_KEYS = ['gte', 'at_least'] as const;

export function cutFamilies(
  features: readonly FeatureColumn[],
  candidates: ReadonlyMap<string, number | null>,
): Map<string, CutFamily> {
  const out = new Map<string, CutFamily>();
  for (const feature of features) {
    const body = feature.signal;
    if (body === undefined || feature.kind !== 'boolean' || !candidates.has(feature.name)) continue;
    const key = THRESHOLD_KEYS.find((name) => typeof body[name] === 'number');
    const threshold = key === undefined ? undefined : body[key];
    if (key === undefined || typeof threshold !== 'number') continue;
    const rest = Object.entries(body)
      .filter(([name]) => name !== key && name !== 'label')
      .sort(([a], [b]) => (a < b ? -1 : 1));
    out.set(feature.name, { family: `${key}:${stable(Object.fromEntries(rest))}`, threshold });
  }
  return out;
}

function stable(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stable(value[key] ?? null)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
