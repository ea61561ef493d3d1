/**
 * The calibration settings a data set ships with (`--settings file.json`, written by the mappings in
 * examples/data/): what an entity is, when it is decided and what is left out because it leaks the
 * label. Command-line flags override the file; both are validated here into one request.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseIsoTimestamp } from '../collect/timestamp.ts';
import { durationMs } from '../definition/schema/patterns.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { EntityType } from '../model/dataset.ts';
import type { FeatureSource } from './calibration-features.ts';
import type { DecisionAnchor, DecisionRule } from './features-population.ts';

export const calibrationSettingsSchema = z.strictObject({
  /** Free text: where the settings come from and why. */
  note: z.string().optional(),
  from: z.enum(['events', 'traits']).optional(),
  entity: z.enum(['user', 'account']).optional(),
  decisionAfter: z.string().optional(),
  decisionAt: z.string().optional(),
  /** `first <Event> + 7d`, `last <Event> + 0d`, `first seen + 7d`: an exact decision time per entity. */
  decideAt: z.string().optional(),
  horizon: z.string().optional(),
  windows: z.array(z.string()).min(1).optional(),
  excludeEvents: z.array(z.string().min(1)).optional(),
  excludeTraits: z.array(z.string().min(1)).optional(),
  onlyDecided: z.boolean().optional(),
});

export type CalibrationSettings = z.infer<typeof calibrationSettingsSchema>;

export interface ResolvedSettings {
  readonly source: FeatureSource;
  readonly entity: EntityType;
  readonly decision: DecisionRule;
  readonly horizonMs: number | null;
  readonly windowsMs: readonly number[];
  readonly excludeEvents: readonly string[];
  readonly excludeTraits: readonly string[];
  readonly onlyDecided: boolean;
}

export interface SettingsError {
  readonly code: 'invalid-settings';
  readonly message: string;
}

const invalid = (message: string): Result<never, SettingsError> => err({ code: 'invalid-settings', message });

export function readSettingsFile(path: string): Result<CalibrationSettings, SettingsError> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return invalid(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const settings = calibrationSettingsSchema.safeParse(parsed);
  if (!settings.success) return invalid(`${path}: ${z.prettifyError(settings.error)}`);
  return ok(settings.data);
}

/** `0` / `0d` (at first sight) or a language duration (`14d`, `12h`, `2w`). */
function parseDuration(text: string, what: string, allowZero: boolean): Result<number, SettingsError> {
  if (allowZero && /^0[mhdw]?$/.test(text.trim())) return ok(0);
  const ms = durationMs(text.trim());
  return ms === null ? invalid(`${what} must be a duration such as 14d, 12h or 2w, got "${text}"`) : ok(ms);
}

/**
 * Flags over file over defaults. Defaults: events, accounts (or the definition's entity), decided
 * 14 days after first seen for events and when first seen for traits (a lead table is decided when
 * its row is recorded, and then only rows with a won/lost outcome count), windows 7d, 14d, 30d.
 */
export function resolveSettings(
  file: CalibrationSettings,
  flags: CalibrationSettings,
  definitionEntity: EntityType | null,
): Result<ResolvedSettings, SettingsError> {
  const merged: CalibrationSettings = { ...file, ...definedOnly(flags) };
  const source = merged.from ?? 'events';
  const entity = merged.entity ?? definitionEntity ?? 'account';
  if (definitionEntity !== null && entity !== definitionEntity) {
    return invalid(`the definition scores ${definitionEntity}s but --entity is ${entity}`);
  }
  let atMs: number | null = null;
  if (merged.decisionAt !== undefined) {
    atMs = parseIsoTimestamp(merged.decisionAt);
    if (atMs === null) return invalid(`--decision-at expects an ISO-8601 time, got "${merged.decisionAt}"`);
  }
  let afterMs: number | null = null;
  let anchor: DecisionAnchor | undefined;
  if (merged.decideAt !== undefined) {
    if (merged.decisionAfter !== undefined)
      return invalid(
        'give --decide-at or --decision-after, not both (--decide-at "first seen + 14d" is exact)',
      );
    const parsed = parseDecideAt(merged.decideAt);
    if (!parsed.ok) return parsed;
    anchor = parsed.value;
  } else if (merged.decisionAfter !== undefined) {
    const after = parseDuration(merged.decisionAfter, '--decision-after', true);
    if (!after.ok) return after;
    afterMs = after.value;
  } else if (atMs === null) afterMs = source === 'traits' ? 0 : 14 * 86_400_000;
  let horizonMs: number | null = null;
  if (merged.horizon !== undefined) {
    const horizon = parseDuration(merged.horizon, '--horizon', false);
    if (!horizon.ok) return horizon;
    horizonMs = horizon.value;
  }
  const windowsMs: number[] = [];
  for (const text of merged.windows ?? ['7d', '14d', '30d']) {
    const window = parseDuration(text, 'a window', false);
    if (!window.ok) return window;
    windowsMs.push(window.value);
  }
  return ok({
    source,
    entity,
    decision: anchor === undefined ? { afterMs, atMs } : { afterMs: null, atMs, anchor },
    horizonMs,
    windowsMs: [...new Set(windowsMs)].sort((a, b) => a - b),
    excludeEvents: [...new Set([...(file.excludeEvents ?? []), ...(flags.excludeEvents ?? [])])],
    excludeTraits: [...new Set([...(file.excludeTraits ?? []), ...(flags.excludeTraits ?? [])])],
    onlyDecided: merged.onlyDecided ?? source === 'traits',
  });
}

/** `first Trial Started + 7d`, `last Seat Limit Reached`, `first seen + 14d` (the offset defaults to 0). */
export function parseDecideAt(text: string): Result<DecisionAnchor, SettingsError> {
  const match = /^\s*(first|last)\s+(.+?)(?:\s*\+\s*(\S+))?\s*$/i.exec(text);
  const which = match?.[1]?.toLowerCase();
  const what = match?.[2]?.trim() ?? '';
  if (match === null || which === undefined || what === '') {
    return invalid(
      `--decide-at expects "first <Event> + 7d", "last <Event> + 0d" or "first seen + 14d", got "${text}"`,
    );
  }
  const offset = match[3] === undefined ? ok(0) : parseDuration(match[3], 'the --decide-at offset', true);
  if (!offset.ok) return offset;
  if (which === 'first' && what.toLowerCase() === 'seen')
    return ok({ from: 'first-seen', event: null, offsetMs: offset.value });
  return ok({ from: which === 'first' ? 'first' : 'last', event: what, offsetMs: offset.value });
}

function definedOnly(settings: CalibrationSettings): CalibrationSettings {
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  ) as CalibrationSettings;
}
