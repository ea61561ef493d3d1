/**
 * Group commit on PostgreSQL: everything queued is written in one transaction, and each writer is
 * answered only after COMMIT returns.
 *
 * Deduplication is the database's: each message id is claimed in `message_ids` (primary key
 * workspace + id) with `INSERT … ON CONFLICT DO NOTHING RETURNING` inside the transaction that stores
 * the event. An id another node is storing at the same moment makes this insert wait for that
 * transaction: if it commits, the id is a duplicate here; if it rolls back, the claim is ours. So a
 * message is stored once however many nodes receive it. Ids are claimed in one sorted order on every
 * node, so two overlapping groups wait for each other instead of deadlocking.
 */
import type pg from 'pg';
import type { NormalizedMessage } from '../../collect/normalized-message.ts';
import { COMMIT_ORDER_LOCK } from '../commit-feed.ts';
import {
  type CommitSeqs,
  firstOccurrences,
  GroupCommitQueue,
  idKey,
  outcomeOf,
  SeqCounter,
  type WriteOutcome,
  type WriteRequest,
} from '../group-commit-queue.ts';
import { DEDUPE_WINDOW_MS } from '../store.ts';
import { insertRows } from './pg-bulk-insert.ts';
import { POSTGRES_SQL } from './pg-client.ts';
import { GroupRows, outcomeRow, rejectionRow, traitRow } from './pg-rows.ts';

/** Claimed ids older than the dedupe window are deleted at most this often. */
const PURGE_EVERY_MS = 60 * 60 * 1000;

/** Deadlock and serialization failures: the whole group is tried again. */
const RETRIED = new Set(['40P01', '40001']);
const ATTEMPTS = 5;

/** Data the database refuses (class 22 data exception, 23 integrity, 54 limits): one request's fault. */
const REFUSED_DATA = /^(22|23|54)/;

const sqlState = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : '';

const CLAIM = `INSERT INTO message_ids (workspace_id, message_id, received_at)
  SELECT c.w, c.m, ${POSTGRES_SQL.at(3)} FROM unnest(CAST($1 AS TEXT[]), CAST($2 AS TEXT[])) AS c(w, m)
  ON CONFLICT DO NOTHING RETURNING workspace_id, message_id`;

export class PgGroupCommit extends GroupCommitQueue {
  private lastPurge = Number.NEGATIVE_INFINITY;
  private purging: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    now: () => number,
  ) {
    super(now);
  }

  protected override async commit(requests: readonly WriteRequest[]): Promise<(WriteOutcome | Error)[]> {
    try {
      return await this.commitRetrying(requests);
    } catch (error) {
      if (requests.length === 1 || !REFUSED_DATA.test(sqlState(error))) throw error;
    }
    // One request's data was refused: each is committed alone, so only that one fails.
    const outcomes: (WriteOutcome | Error)[] = [];
    for (const request of requests) {
      try {
        outcomes.push(...(await this.commitRetrying([request])));
      } catch (error) {
        outcomes.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return outcomes;
  }

  /** Deletes the claims older than the dedupe window; returns how many. */
  async purge(now: number = this.now()): Promise<number> {
    this.lastPurge = now;
    const deleted = await this.pool.query(
      `DELETE FROM message_ids WHERE received_at < ${POSTGRES_SQL.at(1)}`,
      [now - DEDUPE_WINDOW_MS],
    );
    return deleted.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.idle();
    await this.purging;
  }

  private async commitRetrying(requests: readonly WriteRequest[]): Promise<WriteOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.commitOnce(requests);
      } catch (error) {
        if (attempt >= ATTEMPTS || !RETRIED.has(sqlState(error))) throw error;
      }
    }
  }

  private async commitOnce(requests: readonly WriteRequest[]): Promise<WriteOutcome[]> {
    const at = this.now();
    const connection = await this.pool.connect();
    let kept: NormalizedMessage[][];
    let seqs: CommitSeqs | undefined;
    try {
      await connection.query('BEGIN');
      try {
        kept = await this.claim(connection, requests, at);
        seqs = await this.insertGroup(connection, requests, kept, at);
        await connection.query('COMMIT');
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      connection.release();
    }
    this.committed(requests, kept, seqs);
    if (at - this.lastPurge >= PURGE_EVERY_MS) {
      // Off the write path: a slow purge never delays an acknowledgement; a failed one is retried later.
      this.purging = this.purge(at).catch(() => {
        this.lastPurge = Number.NEGATIVE_INFINITY;
      });
    }
    return requests.map((request, i) => outcomeOf(request, kept[i] ?? []));
  }

  /** Per request, the messages whose id this transaction claimed (first occurrences, not yet stored). */
  private async claim(
    connection: pg.ClientBase,
    requests: readonly WriteRequest[],
    at: number,
  ): Promise<NormalizedMessage[][]> {
    const firsts = firstOccurrences(requests);
    const ids = requests.flatMap((request, i) =>
      (firsts[i] ?? []).map((m) => [request.workspaceId, m.messageId] as const),
    );
    if (ids.length === 0) return firsts;
    ids.sort(([w1, m1], [w2, m2]) => (w1 < w2 ? -1 : w1 > w2 ? 1 : m1 < m2 ? -1 : m1 > m2 ? 1 : 0));
    const claimed = await connection.query<{ workspace_id: string; message_id: string }>(CLAIM, [
      ids.map(([w]) => w),
      ids.map(([, m]) => m),
      at,
    ]);
    if (claimed.rows.length === ids.length) return firsts;
    const ours = new Set(claimed.rows.map((row) => idKey(row.workspace_id, row.message_id)));
    return requests.map((request, i) =>
      (firsts[i] ?? []).filter((m) => ours.has(idKey(request.workspaceId, m.messageId))),
    );
  }

  private async insertGroup(
    connection: pg.ClientBase,
    requests: readonly WriteRequest[],
    kept: readonly NormalizedMessage[][],
    at: number,
  ): Promise<CommitSeqs | undefined> {
    const count = requests.reduce(
      (n, request, i) =>
        n + (kept[i]?.length ?? 0) + (request.traits?.length ?? 0) + (request.outcomes?.length ?? 0),
      0,
    );
    // Commits are serialised from their first sequence number to COMMIT, so the rows any reader sees
    // are a prefix of `seq` and the commit feed (store/commit-feed.ts) can read after a cursor. The
    // lock comes after the message-id claims: nothing is locked once it is held, so no deadlock.
    await connection.query('SELECT pg_advisory_xact_lock($1)', [COMMIT_ORDER_LOCK.toString()]);
    const drawn = await nextSeqs(connection, count);
    let next = 0;
    // Drawn under the lock: no other commit has a number between this one's first and last.
    const seqs = new SeqCounter(() => drawn[next++] ?? Number.NaN);
    const rows = new GroupRows();
    requests.forEach((request, i) => {
      const ws = request.workspaceId;
      seqs.request();
      for (const m of kept[i] ?? []) rows.addMessage(ws, seqs.message(), m);
      for (const r of request.rejected ?? []) rows.rejections.push(rejectionRow(ws, at, r));
      for (const t of request.traits ?? []) rows.traits.push(traitRow(ws, seqs.trait(), t));
      for (const o of request.outcomes ?? []) rows.outcomes.push(outcomeRow(ws, seqs.other(), o, at));
    });
    for (const [shape, tableRows] of rows.tables()) await insertRows(connection, shape, tableRows);
    return seqs.seqs();
  }
}

/** `count` numbers from the shared `store_seq`, ascending (other nodes may take the ones between). */
async function nextSeqs(connection: pg.ClientBase, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await connection.query<{ seq: number }>(
    "SELECT nextval('store_seq') AS seq FROM generate_series(1, $1) ORDER BY seq",
    [count],
  );
  return result.rows.map((row) => Number(row.seq));
}
