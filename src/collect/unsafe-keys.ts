/**
 * Keys that JavaScript treats as an object's prototype machinery — `__proto__`, `constructor`,
 * `prototype` — are removed from every message, at any depth, before it is validated. Any code
 * that later merges a message's properties or traits into an object (templates, CRM payloads,
 * the dashboard) could otherwise have its objects' prototypes rewritten by a sender. They are
 * never dropped silently: each removal is reported in the reply and counted (docs/collector.md).
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../lib/json.ts';
import { type Rejection, rejection } from './rejections.ts';

export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The message without unsafe keys, and the path of each key removed (`properties.__proto__`). */
export function withoutUnsafeKeys(message: JsonObject): {
  readonly value: JsonObject;
  readonly dropped: readonly string[];
} {
  if (!containsUnsafeKey(message)) return { value: message, dropped: [] };
  const dropped: string[] = [];
  const value = cleanObject(message, '', dropped);
  return { value, dropped };
}

function containsUnsafeKey(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.some(containsUnsafeKey);
  if (!isJsonObject(value)) return false;
  for (const key of Object.keys(value)) {
    if (UNSAFE_KEYS.has(key)) return true;
    const inner = value[key];
    if (inner !== undefined && typeof inner === 'object' && inner !== null && containsUnsafeKey(inner))
      return true;
  }
  return false;
}

function clean(value: JsonValue, path: string, dropped: string[]): JsonValue {
  if (Array.isArray(value)) return value.map((item, i) => clean(item, `${path}[${i}]`, dropped));
  return isJsonObject(value) ? cleanObject(value, path, dropped) : value;
}

function cleanObject(object: JsonObject, path: string, dropped: string[]): JsonObject {
  const copy: JsonObject = {};
  for (const key of Object.keys(object)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (UNSAFE_KEYS.has(key)) {
      dropped.push(at);
      continue;
    }
    const inner = object[key];
    if (inner !== undefined) copy[key] = clean(inner, at, dropped);
  }
  return copy;
}

/** What is counted (with the rejections, by code) for a stored message that had keys removed. */
export function droppedKeysNotice(dropped: readonly string[]): Rejection {
  return rejection('unsafe-key-dropped', `Removed ${dropped.join(', ')}; the rest of the event was stored.`);
}
