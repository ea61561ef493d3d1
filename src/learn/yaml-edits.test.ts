import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { applyEdits, asMapNode, insertIntoMap, pairLines } from './yaml-edits.ts';

const source = 'a: 1\nblock:\n    x: 1 # keep me\n    y: [p, q]\nflow: { p: 1 }\n';
const doc = parseDocument(source);

describe('yaml edits', () => {
  it('inserts into a block map at its own indentation and into a flow map before the brace', () => {
    const block = asMapNode(doc.get('block'));
    const flow = asMapNode(doc.get('flow'));
    if (block === null || flow === null) throw new Error('bug');
    const edits = [insertIntoMap(source, block, 'z', '3'), insertIntoMap(source, flow, 'q', '2')].filter(
      (e) => e !== null,
    );
    expect(applyEdits(source, edits)).toBe(
      'a: 1\nblock:\n    x: 1 # keep me\n    y: [p, q]\n    z: 3\nflow: { p: 1, q: 2 }\n',
    );
  });

  it('spans a pair over whole lines, its trailing comment included', () => {
    const block = asMapNode(doc.get('block'));
    const first = block?.items[0];
    if (first === undefined) throw new Error('bug');
    const lines = pairLines(source, first);
    expect(lines === null ? null : source.slice(lines.start, lines.end)).toBe('    x: 1 # keep me\n');
  });

  it('applies edits given in any order', () => {
    expect(
      applyEdits('abcdef', [
        { start: 0, end: 1, text: 'A' },
        { start: 4, end: 6, text: '' },
        { start: 2, end: 2, text: '-' },
      ]),
    ).toBe('Ab-cd');
  });
});
