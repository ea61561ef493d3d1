/**
 * A deterministic `messageId` for an imported line that has none, so running the same import twice
 * (or again after it was killed half-way) stores each line once: the collector deduplicates by
 * `messageId`, and a generated random id would make every rerun a fresh copy.
 *
 * The id is a hash of the line's content in canonical form (object keys sorted, whitespace gone),
 * not of the file's name and line number: the same data re-exported to another file, moved,
 * concatenated with other files or with lines inserted above still gets the same ids. The price:
 * two lines with identical content are one message — they carry nothing that tells them apart —
 * and the second is counted as a duplicate in the summary.
 */
import { createHash } from 'node:crypto';
import { isJsonObject, type JsonObject, type JsonValue } from '../lib/json.ts';

/** Ids made here start with this, so they are recognisable in the store. */
export const CONTENT_ID_PREFIX = 'line-sha256-';

function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] ?? null)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentMessageId(message: JsonObject): string {
  return CONTENT_ID_PREFIX + createHash('sha256').update(canonical(message)).digest('hex').slice(0, 40);
}

/**
 * The message with a content id when it has no `messageId` (absent, null or empty, as the collector
 * would generate one); `derived` says whether one was added. Anything else is left to validation.
 */
export function withLineMessageId(raw: unknown): { readonly value: unknown; readonly derived: boolean } {
  if (!isJsonObject(raw)) return { value: raw, derived: false };
  const id = raw.messageId;
  if (id !== undefined && id !== null && id !== '') return { value: raw, derived: false };
  const { messageId: _none, ...rest } = raw;
  return { value: { ...rest, messageId: contentMessageId(rest) }, derived: true };
}
