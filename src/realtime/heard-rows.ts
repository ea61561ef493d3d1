/**
 * The rows this process heard committed (commit-source.ts), kept until the incremental states have
 * folded them in, so a pass takes its new rows from here instead of reading them back from the
 * store. On a 10 M-event embedded store that read was a third of a pass, and stalled for 0.3–0.7 s
 * beside the collector's appends (issue 16).
 *
 * Only a range heard whole is taken from here: every commit told its sequence numbers, with no gap
 * between one and the next. A pass whose range starts before what is kept (a restart, a state
 * rebuilt or catching up, a commit told without numbers, rows another process wrote) reads the
 * store as before; `take` says so by returning null.
 */
import type { Dataset, IdentityLink, Membership, StoredEvent, TraitRecord } from '../model/dataset.ts';
import { json, propertiesOf } from '../store/read-dataset.ts';
import type { CommittedWrite, SeqRange } from './commit-source.ts';

/**
 * Rows kept at most: 4 s of 5,000 events a second, more than a pass ever falls behind in steady
 * state; a state further behind (catching up) reads the store, and the messages held stay bounded.
 */
export const HEARD_ROWS_KEPT = 20_000;

interface HeardCommit {
  readonly range: SeqRange;
  readonly writes: readonly CommittedWrite[];
  readonly rows: number;
}

export class HeardRows {
  private commits: HeardCommit[] = [];
  /** Every row numbered in (`from`, `through`] is in `commits`; null: nothing whole since the last gap. */
  private from: number | null = null;
  private through = 0;
  private rows = 0;

  constructor(private readonly keep: number = HEARD_ROWS_KEPT) {}

  /** One commit's writes; without `range` (or numbers for its rows) what was kept no longer runs on. */
  hear(writes: readonly CommittedWrite[], range: SeqRange | undefined): void {
    const rows = writes.reduce((n, write) => n + write.messages.length + write.traits.length, 0);
    const numbered = writes.every(
      (write) => write.seqs !== undefined || write.messages.length + write.traits.length === 0,
    );
    if (range === undefined || !numbered) {
      if (rows > 0) this.forget();
      return;
    }
    if (this.from === null || range.afterSeq !== this.through) {
      this.forget();
      this.from = range.afterSeq;
    }
    this.commits.push({ range, writes, rows });
    this.through = range.throughSeq;
    this.rows += rows;
    while (this.rows > this.keep && this.commits.length > 1) this.dropFirst();
  }

  /** Lets go of the commits every reader has folded in: those through `seq`. */
  dropThrough(seq: number): void {
    while ((this.commits[0]?.range.throughSeq ?? Number.POSITIVE_INFINITY) <= seq) this.dropFirst();
  }

  /**
   * The workspace's rows numbered in (`afterSeq`, `throughSeq`], as `readDataset`'s `rows` scope
   * reads them from the store; null unless every one of them was heard.
   */
  take(workspaceId: string, afterSeq: number, throughSeq: number): Dataset | null {
    if (this.from === null || afterSeq < this.from || throughSeq > this.through) return null;
    const inRange = (seq: number) => seq > afterSeq && seq <= throughSeq;
    const events: StoredEvent[] = [];
    const links: IdentityLink[] = [];
    const memberships: Membership[] = [];
    const traits: TraitRecord[] = [];
    for (const { range, writes } of this.commits) {
      if (range.throughSeq <= afterSeq || range.afterSeq >= throughSeq) continue;
      for (const write of writes) {
        if (write.workspaceId !== workspaceId || write.seqs === undefined) continue;
        const { seqs } = write;
        write.messages.forEach((m, index) => {
          const seq = seqs.messages[index] ?? Number.NaN;
          if (!inRange(seq)) return;
          events.push({
            messageId: m.messageId,
            type: m.type,
            event: m.event,
            userId: m.userId,
            anonymousId: m.anonymousId,
            groupId: m.groupId,
            timestamp: m.timestamp,
            properties: propertiesOf(m.properties),
          });
          if (m.link !== null) links.push({ ...m.link, timestamp: m.timestamp });
          if (m.membership !== null) memberships.push({ ...m.membership, timestamp: m.timestamp });
          for (const t of m.traitWrites) traits.push(traitRecord(t, m.timestamp, seq));
        });
        write.traits.forEach((t, index) => {
          const seq = seqs.traits[index] ?? Number.NaN;
          if (inRange(seq)) traits.push(traitRecord(t, t.timestamp, seq));
        });
      }
    }
    // A message's implied traits and standalone ones may come in either order (the commit feed
    // groups them by kind); the store reads them by number. The sort is stable: ties keep theirs.
    traits.sort((a, b) => a.seq - b.seq);
    return { events, links, memberships, traits };
  }

  private forget(): void {
    this.commits = [];
    this.rows = 0;
    this.from = null;
  }

  private dropFirst(): void {
    const gone = this.commits.shift();
    if (gone === undefined) return;
    this.rows -= gone.rows;
    this.from = gone.range.throughSeq;
  }
}

function traitRecord(
  t: {
    readonly entityType: 'user' | 'account';
    readonly entityId: string;
    readonly key: string;
    readonly value: string;
  },
  timestamp: number | null,
  seq: number,
): TraitRecord {
  return {
    entityType: t.entityType,
    entityId: t.entityId,
    key: t.key,
    value: json(t.value),
    timestamp,
    seq,
  };
}
