/**
 * Surgical edits to YAML text by source position, so a proposal changes only the lines it must:
 * re-serialising the whole document would reflow flow lists and move comments, and the review
 * diff would drown in noise. Positions come from the `yaml` parser's node ranges.
 */
import { isMap, isScalar, type Pair, type YAMLMap } from 'yaml';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Applies non-overlapping edits (any order given). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = source;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

export function lineStart(source: string, position: number): number {
  return source.lastIndexOf('\n', position - 1) + 1;
}

/** Position just after the newline ending the line that holds `position` (or the end of text). */
export function nextLineStart(source: string, position: number): number {
  const newline = source.indexOf('\n', position);
  return newline === -1 ? source.length : newline + 1;
}

/** Start and end of a node, or null for a node the parser made up (no source range). */
export function rangeOf(node: unknown): { start: number; end: number } | null {
  if (typeof node !== 'object' || node === null || !('range' in node)) return null;
  const range = node.range;
  if (!Array.isArray(range) || typeof range[0] !== 'number' || typeof range[1] !== 'number') return null;
  return { start: range[0], end: range[1] };
}

export function keyOf(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

/** The whole lines a block-map pair occupies, from its key's line to its value's last line. */
export function pairLines(source: string, pair: Pair): { start: number; end: number } | null {
  const key = rangeOf(pair.key);
  const value = rangeOf(pair.value) ?? key;
  if (key === null || value === null) return null;
  return {
    start: lineStart(source, key.start),
    end: nextLineStart(source, Math.max(value.end - 1, key.end)),
  };
}

/** Indentation of a block map's keys, read from its first key's column. */
export function indentOf(source: string, map: YAMLMap): string {
  const first = map.items[0];
  const key = first === undefined ? null : rangeOf(first.key);
  if (key === null) return '  ';
  return source.slice(lineStart(source, key.start), key.start);
}

/**
 * Inserts `key: value` into a map: a new line after the last pair of a block map, or `, key: value`
 * before the closing brace of a flow map. Null when the map has no usable position.
 */
export function insertIntoMap(source: string, map: YAMLMap, key: string, value: string): TextEdit | null {
  const range = rangeOf(map);
  if (range === null) return null;
  if (map.flow) {
    const close = source.lastIndexOf('}', range.end);
    if (close < range.start) return null;
    if (map.items.length === 0) return { start: close, end: close, text: ` ${key}: ${value} ` };
    // After the last item, before any padding: `{ p: 1 }` → `{ p: 1, q: 2 }`.
    let at = close;
    while (at > range.start && source[at - 1] === ' ') at--;
    return { start: at, end: at, text: `, ${key}: ${value}` };
  }
  const last = map.items.at(-1);
  const lines = last === undefined ? null : pairLines(source, last);
  if (lines === null) return null;
  const needsNewline = lines.end === source.length && !source.endsWith('\n');
  return {
    start: lines.end,
    end: lines.end,
    text: `${needsNewline ? '\n' : ''}${indentOf(source, map)}${key}: ${value}\n`,
  };
}

export function asMapNode(node: unknown): YAMLMap | null {
  return isMap(node) ? node : null;
}
