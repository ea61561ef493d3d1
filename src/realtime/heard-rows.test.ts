import { describe, expect, it } from 'vitest';
import type { CommittedMessage, CommittedWrite } from './commit-source.ts';
import { HeardRows } from './heard-rows.ts';

const message = (id: string, at: number): CommittedMessage => ({
  messageId: id,
  type: 'track',
  event: 'Clicked',
  userId: 'u1',
  anonymousId: null,
  groupId: null,
  timestamp: at,
  properties: '{"n":1}',
  link: null,
  membership: null,
  traitWrites: [],
});

/** A commit of one write to `ws` whose messages are numbered `first`, `first + 1`, … */
function commit(
  ws: string,
  first: number,
  count: number,
): { writes: CommittedWrite[]; range: { afterSeq: number; throughSeq: number } } {
  const seqs = Array.from({ length: count }, (_, i) => first + i);
  return {
    writes: [
      {
        workspaceId: ws,
        messages: seqs.map((seq) => message(`m${seq}`, 1000 * seq)),
        traits: [],
        outcomes: [],
        seqs: { messages: seqs, traits: [] },
      },
    ],
    range: { afterSeq: first - 1, throughSeq: first + count - 1 },
  };
}

const ids = (heard: HeardRows, ws: string, after: number, through: number) =>
  heard.take(ws, after, through)?.events.map((e) => e.messageId) ?? null;

describe('HeardRows', () => {
  it('gives the rows of a range heard whole, of one workspace, and nothing it did not hear', () => {
    const heard = new HeardRows();
    for (const c of [commit('ws', 11, 3), commit('other', 14, 2), commit('ws', 16, 2)])
      heard.hear(c.writes, c.range);
    expect(ids(heard, 'ws', 10, 17)).toEqual(['m11', 'm12', 'm13', 'm16', 'm17']);
    expect(ids(heard, 'ws', 12, 16)).toEqual(['m13', 'm16']);
    expect(heard.take('ws', 12, 16)?.events[0]?.properties).toEqual({ n: 1 });
    expect(ids(heard, 'ws', 9, 17)).toBeNull(); // before the first commit heard
    expect(ids(heard, 'ws', 10, 18)).toBeNull(); // after the last
  });

  it('starts again after a gap, and forgets all when a commit comes without its numbers', () => {
    const heard = new HeardRows();
    const a = commit('ws', 1, 2);
    const b = commit('ws', 5, 2); // 3 and 4 were never heard
    heard.hear(a.writes, a.range);
    heard.hear(b.writes, b.range);
    expect(ids(heard, 'ws', 0, 6)).toBeNull();
    expect(ids(heard, 'ws', 4, 6)).toEqual(['m5', 'm6']);
    const c = commit('ws', 7, 1);
    heard.hear(c.writes, undefined);
    expect(ids(heard, 'ws', 4, 6)).toBeNull();
    // A commit that stored nothing (all duplicates) breaks nothing.
    const d = commit('ws', 8, 1);
    heard.hear(d.writes, d.range);
    heard.hear([{ workspaceId: 'ws', messages: [], traits: [], outcomes: [] }], undefined);
    expect(ids(heard, 'ws', 7, 8)).toEqual(['m8']);
  });

  it('keeps at most so many rows, and lets go of what every reader has folded in', () => {
    const heard = new HeardRows(4);
    for (const c of [commit('ws', 1, 2), commit('ws', 3, 2), commit('ws', 5, 2)])
      heard.hear(c.writes, c.range);
    expect(ids(heard, 'ws', 0, 6)).toBeNull();
    expect(ids(heard, 'ws', 2, 6)).toEqual(['m3', 'm4', 'm5', 'm6']);
    heard.dropThrough(4);
    expect(ids(heard, 'ws', 2, 6)).toBeNull();
    expect(ids(heard, 'ws', 4, 6)).toEqual(['m5', 'm6']);
  });
});
