/**
 * A definition's version is the hash of its meaning, not of its text: the IR as canonical JSON
 * (keys sorted at every level), sha256, first 12 hex digits. Comments, key order and `14d` vs
 * `2w` do not change it; any change of meaning does.
 */
import { createHash } from 'node:crypto';
import type { DefinitionIR } from '../ir.ts';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, child]) => [key, sortKeys(child)]));
}

export function definitionVersion(ir: DefinitionIR): string {
  return createHash('sha256').update(canonicalJson(ir)).digest('hex').slice(0, 12);
}
