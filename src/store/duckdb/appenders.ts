/** Row writers for the append-only tables, one function a table, over DuckDB appenders. */
import { type DuckDBAppender, DuckDBTimestampValue } from '@duckdb/node-api';
import type { NormalizedMessage } from '../../collect/normalized-message.ts';
import type { OutcomeRow, RejectedItem, TraitRow } from '../store.ts';

export const timestampOf = (ms: number): DuckDBTimestampValue => new DuckDBTimestampValue(BigInt(ms) * 1000n);

function text(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function time(appender: DuckDBAppender, ms: number | null): void {
  if (ms === null) appender.appendNull();
  else appender.appendTimestamp(timestampOf(ms));
}

export function appendEvent(a: DuckDBAppender, workspaceId: string, seq: number, m: NormalizedMessage): void {
  a.appendVarchar(workspaceId);
  a.appendBigInt(BigInt(seq));
  a.appendVarchar(m.messageId);
  a.appendVarchar(m.type);
  text(a, m.event);
  text(a, m.name);
  text(a, m.userId);
  text(a, m.anonymousId);
  text(a, m.groupId);
  text(a, m.previousId);
  time(a, m.timestamp);
  time(a, m.receivedAt);
  time(a, m.sentAt);
  time(a, m.originalTimestamp);
  a.appendVarchar(m.properties);
  text(a, m.traits);
  text(a, m.context);
  a.endRow();
}

export function appendLink(
  a: DuckDBAppender,
  row: { workspaceId: string; fromId: string; userId: string; timestamp: number; seq: number },
): void {
  a.appendVarchar(row.workspaceId);
  a.appendVarchar(row.fromId);
  a.appendVarchar(row.userId);
  time(a, row.timestamp);
  a.appendBigInt(BigInt(row.seq));
  a.endRow();
}

export function appendMembership(
  a: DuckDBAppender,
  row: { workspaceId: string; userKey: string; groupId: string; timestamp: number; seq: number },
): void {
  a.appendVarchar(row.workspaceId);
  a.appendVarchar(row.userKey);
  a.appendVarchar(row.groupId);
  time(a, row.timestamp);
  a.appendBigInt(BigInt(row.seq));
  a.endRow();
}

export function appendTrait(a: DuckDBAppender, workspaceId: string, seq: number, row: TraitRow): void {
  a.appendVarchar(workspaceId);
  a.appendVarchar(row.entityType);
  a.appendVarchar(row.entityId);
  a.appendVarchar(row.key);
  a.appendVarchar(row.value);
  time(a, row.timestamp);
  a.appendBigInt(BigInt(seq));
  a.appendVarchar(row.source);
  a.endRow();
}

export function appendRejection(
  a: DuckDBAppender,
  workspaceId: string,
  receivedAt: number,
  r: RejectedItem,
): void {
  a.appendVarchar(workspaceId);
  time(a, receivedAt);
  a.appendVarchar(r.code);
  a.appendVarchar(r.detail);
  if (r.index === null) a.appendNull();
  else a.appendInteger(r.index);
  text(a, r.messageId);
  a.appendVarchar(r.excerpt);
  a.endRow();
}

export function appendOutcome(
  a: DuckDBAppender,
  workspaceId: string,
  seq: number,
  row: OutcomeRow,
  receivedAt: number,
): void {
  a.appendVarchar(workspaceId);
  a.appendBigInt(BigInt(seq));
  a.appendVarchar(row.entityType);
  a.appendVarchar(row.entityId);
  a.appendVarchar(row.type);
  if (row.amount === null) a.appendNull();
  else a.appendDouble(row.amount);
  text(a, row.owner);
  time(a, row.timestamp);
  a.appendVarchar(row.source);
  time(a, receivedAt);
  a.endRow();
}
