/**
 * The YAML text with its positions. Checks work on plain values and name places by path
 * (`['signals', 'activated', 'all', 0]`); this file turns a path back into `line:col` through the
 * YAML node tree, so every problem points at the key or value it is about.
 */
import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Point at the key of the last segment (`withn:`) or at its value (`14x`). */
export type Anchor = 'key' | 'value';

export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface YamlIssue {
  readonly kind: 'error' | 'warning';
  readonly duplicateKey: boolean;
  readonly message: string;
  readonly position: Position;
}

export interface YamlSource {
  /** The document as plain data (null for an empty file); undefined when the YAML is unusable. */
  readonly value: unknown;
  readonly issues: readonly YamlIssue[];
  readonly positionOf: (path: Path, anchor: Anchor) => Position;
}

const START: Position = { line: 1, col: 1 };

export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const issues: YamlIssue[] = [
    ...doc.errors.map((e) => toIssue('error', e.code, e.message, e.linePos?.[0])),
    ...doc.warnings.map((w) => toIssue('warning', w.code, w.message, w.linePos?.[0])),
  ];
  // A duplicate key still leaves a usable tree (the last value wins); any other error does not.
  const usable = doc.errors.every((e) => e.code === 'DUPLICATE_KEY');
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const value = usable ? toPlain(doc, issues) : undefined;
  return {
    value,
    issues,
    positionOf: (path, anchor) => locate(doc.contents, path, anchor, at) ?? START,
  };
}

/** Aliases are resolved here, and a bad one (undefined anchor, alias bomb) only shows up now. */
function toPlain(doc: Document, issues: YamlIssue[]): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    issues.push({ kind: 'error', duplicateKey: false, message, position: START });
    return undefined;
  }
}

function toIssue(
  kind: 'error' | 'warning',
  code: string,
  message: string,
  linePos: { line: number; col: number } | undefined,
): YamlIssue {
  // The parser appends " at line L, column C:" and a source excerpt; we print our own position.
  const first = message.split(/ at line \d+, column \d+/)[0] ?? message;
  return {
    kind,
    duplicateKey: code === 'DUPLICATE_KEY',
    message: first.trim(),
    position: linePos ? { line: linePos.line, col: linePos.col } : START,
  };
}

/** Walks the path as far as the tree allows; a missing tail falls back to the deepest node found. */
function locate(
  root: Node | null,
  path: Path,
  anchor: Anchor,
  at: (offset: number) => Position,
): Position | undefined {
  let node: Node | null = root;
  let keyNode: Node | null = null;
  let best = start(root, at);
  for (const segment of path) {
    const child = childOf(node, segment);
    if (child === undefined) return best;
    node = child.node;
    keyNode = child.keyNode;
    best = start(child.node, at) ?? start(child.keyNode, at) ?? best;
  }
  if (anchor === 'key' && keyNode !== null) return start(keyNode, at) ?? best;
  return best;
}

interface Child {
  readonly node: Node | null;
  readonly keyNode: Node | null;
}

function childOf(node: Node | null, segment: PathSegment): Child | undefined {
  if (isMap(node)) {
    for (const item of node.items) {
      const keyValue = isScalar(item.key) ? item.key.value : item.key;
      if (String(keyValue) === String(segment)) {
        return { node: asNode(item.value), keyNode: asNode(item.key) };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = asNode(node.items[segment]);
    return item === null ? undefined : { node: item, keyNode: null };
  }
  return undefined;
}

function asNode(value: unknown): Node | null {
  return isNode(value) ? value : null;
}

function start(node: Node | null | undefined, at: (offset: number) => Position): Position | undefined {
  // An empty value (`within:`) has a zero-length range at the end of its line; the key is more useful.
  if (!node?.range) return undefined;
  if (isScalar(node) && node.value === null && node.range[0] === node.range[1]) return undefined;
  return at(node.range[0]);
}
