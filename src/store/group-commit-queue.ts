/**
 * Group commit, the part both back ends share: every write waits in a queue; one loop commits
 * everything queued in one transaction, then answers each writer. While a commit is in flight, new
 * writes gather for the next one, so many concurrent requests share one durable write. A back end
 * supplies `commit` (the transaction) and calls `committed` after COMMIT to tell the listeners.
 */
import type { NormalizedMessage } from '../collect/normalized-message.ts';
import type {
  CommitListener,
  CommittedWrite,
  OutcomeRow,
  RejectedItem,
  RowSeqs,
  SeqRange,
  TraitRow,
} from './store.ts';

export interface WriteRequest {
  readonly workspaceId: string;
  readonly messages?: readonly NormalizedMessage[];
  readonly rejected?: readonly RejectedItem[];
  readonly traits?: readonly TraitRow[];
  readonly outcomes?: readonly OutcomeRow[];
}

export interface WriteOutcome {
  readonly stored: number;
  readonly duplicates: number;
}

/** The sequence numbers of one commit: per request, and the range they span (nothing else is in it). */
export interface CommitSeqs {
  readonly perRequest: readonly RowSeqs[];
  readonly range: SeqRange;
}

/**
 * Records the sequence numbers a commit hands out, per request, as `draw` gives them (ascending):
 * what `committed` tells listeners.
 */
export class SeqCounter {
  private readonly perRequest: { messages: number[]; traits: number[] }[] = [];
  private first: number | null = null;
  private last: number | null = null;

  constructor(private readonly draw: () => number) {}

  /** The numbers from now on belong to a new request. */
  request(): void {
    this.perRequest.push({ messages: [], traits: [] });
  }

  message(): number {
    const seq = this.take();
    this.perRequest.at(-1)?.messages.push(seq);
    return seq;
  }

  trait(): number {
    const seq = this.take();
    this.perRequest.at(-1)?.traits.push(seq);
    return seq;
  }

  /** A number for a row listeners do not need by number (an outcome). */
  other(): number {
    return this.take();
  }

  /** Undefined when the commit stored no numbered row. */
  seqs(): CommitSeqs | undefined {
    if (this.first === null || this.last === null) return undefined;
    return { perRequest: this.perRequest, range: { afterSeq: this.first - 1, throughSeq: this.last } };
  }

  private take(): number {
    const seq = this.draw();
    this.first ??= seq;
    this.last = seq;
    return seq;
  }
}

interface Job {
  readonly request: WriteRequest;
  readonly resolve: (outcome: WriteOutcome) => void;
  readonly reject: (error: unknown) => void;
}

export abstract class GroupCommitQueue {
  private queue: Job[] = [];
  private draining = false;
  private readonly listeners = new Set<CommitListener>();

  constructor(protected readonly now: () => number) {}

  write(request: WriteRequest): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Called after each COMMIT, before the writers are answered; a listener must not throw or block. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once everything queued so far is committed. */
  async idle(): Promise<void> {
    while (this.draining) await new Promise((r) => setTimeout(r, 5));
  }

  /**
   * Commits the requests (in one transaction, or several when the back end must split a group),
   * and says, per request, how it ended: its outcome, or the error that refused it.
   */
  protected abstract commit(requests: readonly WriteRequest[]): Promise<(WriteOutcome | Error)[]>;

  /**
   * Tells the listeners what a COMMIT stored; `kept` holds each request's messages as stored, and
   * `seqs` (when the back end knows) each request's sequence numbers and the range they span.
   */
  protected committed(
    requests: readonly WriteRequest[],
    kept: readonly (readonly NormalizedMessage[])[],
    seqs?: CommitSeqs,
  ): void {
    if (this.listeners.size === 0) return;
    const writes: CommittedWrite[] = requests.map((request, i) => {
      const ofRequest = seqs?.perRequest[i];
      return {
        workspaceId: request.workspaceId,
        messages: kept[i] ?? [],
        traits: request.traits ?? [],
        outcomes: request.outcomes ?? [],
        ...(ofRequest === undefined ? {} : { seqs: ofRequest }),
      };
    });
    const committedAt = this.now();
    for (const listener of this.listeners) listener(writes, committedAt, seqs?.range);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const jobs = this.queue.splice(0, this.queue.length);
        try {
          const outcomes = await this.commit(jobs.map((j) => j.request));
          jobs.forEach((job, i) => {
            const outcome = outcomes[i] ?? { stored: 0, duplicates: 0 };
            if (outcome instanceof Error) job.reject(outcome);
            else job.resolve(outcome);
          });
        } catch (error) {
          for (const job of jobs) job.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}

/** What a request stored, given the messages kept after dedupe. */
export function outcomeOf(request: WriteRequest, kept: readonly NormalizedMessage[]): WriteOutcome {
  const stored = kept.length + (request.traits?.length ?? 0) + (request.outcomes?.length ?? 0);
  return { stored, duplicates: (request.messages?.length ?? 0) - kept.length };
}

export const idKey = (workspaceId: string, messageId: string): string => `${workspaceId}\u0000${messageId}`;

/** Per request, its messages without ids repeated earlier in the group (the first occurrence wins). */
export function firstOccurrences(requests: readonly WriteRequest[]): NormalizedMessage[][] {
  const seen = new Set<string>();
  return requests.map((request) =>
    (request.messages ?? []).filter((m) => {
      const key = idKey(request.workspaceId, m.messageId);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
}
