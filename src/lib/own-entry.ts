/**
 * `record[key] = value` as `Object.fromEntries` defines an entry: own, enumerable and writable, even
 * for a key named `__proto__`, which an assignment would take as the record's prototype (signal and
 * gate names may be `__proto__`). Records built a key at a time in the same order share one shape,
 * where `Object.fromEntries` makes each a dictionary: scoring builds two per entity, hundreds of
 * thousands a minute under load (issue 16).
 */
export function setOwnEntry<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  } else record[key] = value;
}
