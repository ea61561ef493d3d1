/** The lexical rules of the language, each used by the validator and emitted into the JSON Schema. */

/** Signals, lists, gates and tiers. No `.`, which is reserved for hoisted inline signals. */
export const SIGNAL_NAME = /^[a-z0-9_]+$/;
export const DEFINITION_NAME = /^[a-z0-9-]+$/;
/** A positive whole number of minutes, hours, days or weeks. */
export const DURATION = /^[1-9][0-9]*[mhdw]$/;
export const LIST_REF = /^\$[a-z0-9_]+$/;
/** Dot-separated, no empty segment: `plan.tier`. */
export const PROPERTY_PATH = /^[^.]+(\.[^.]+)*$/;
export const DISTINCT_TARGET = /^(user|day|properties\.[^.]+(\.[^.]+)*)$/;
export const SUM_TARGET = /^properties\.[^.]+(\.[^.]+)*$/;

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Milliseconds of a duration that matches DURATION, or null when it does not or is too large. */
export function durationMs(text: string): number | null {
  if (!DURATION.test(text)) return null;
  const unit = text.slice(-1);
  const perUnit = unit === 'm' || unit === 'h' || unit === 'd' || unit === 'w' ? UNIT_MS[unit] : null;
  if (perUnit === null) return null;
  const ms = Number(text.slice(0, -1)) * perUnit;
  return Number.isSafeInteger(ms) ? ms : null;
}

/** `plan.tier` → ['plan', 'tier']. */
export function splitPath(text: string): string[] {
  return text.split('.');
}
