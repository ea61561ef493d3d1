/** The append-only tables' shapes for `insertRows`, and one row per stored thing, column by column. */
import type { NormalizedMessage } from '../../collect/normalized-message.ts';
import type { OutcomeRow, RejectedItem, TraitRow } from '../store.ts';
import type { Cell, TableShape } from './pg-bulk-insert.ts';

/**
 * PostgreSQL cannot hold the NUL character (in `text`, nor as `\u0000` in `jsonb`), which DuckDB
 * stores. Refusing it would answer the sender 5xx and its retries forever, so in payloads (JSON, event
 * names, trait keys) and in rejections it becomes U+FFFD, the replacement character. Identities
 * (message, user, anonymous, group ids) are never altered: a request holding NUL in one is refused.
 */
const ESCAPED_NUL = /(?<=(?:^|[^\\])(?:\\\\)*)\\u0000/g;
export const jsonWithoutNul = (json: string | null): string | null =>
  json === null || !json.includes('\\u0000') ? json : json.replace(ESCAPED_NUL, '\\ufffd');
export const textWithoutNul = (text: string | null): string | null =>
  text === null || !text.includes('\u0000') ? text : text.replaceAll('\u0000', '\ufffd');

export const EVENTS: TableShape = {
  table: 'events',
  columns: [
    ['workspace_id', 'text'],
    ['seq', 'bigint'],
    ['message_id', 'text'],
    ['type', 'text'],
    ['event', 'text'],
    ['name', 'text'],
    ['user_id', 'text'],
    ['anonymous_id', 'text'],
    ['group_id', 'text'],
    ['previous_id', 'text'],
    ['ts', 'time'],
    ['received_at', 'time'],
    ['sent_at', 'time'],
    ['original_timestamp', 'time'],
    ['properties', 'json'],
    ['traits', 'json'],
    ['context', 'json'],
  ],
};

export const eventRow = (ws: string, seq: number, m: NormalizedMessage): Cell[] => [
  ws,
  seq,
  m.messageId,
  m.type,
  textWithoutNul(m.event),
  textWithoutNul(m.name),
  m.userId,
  m.anonymousId,
  m.groupId,
  m.previousId,
  m.timestamp,
  m.receivedAt,
  m.sentAt,
  m.originalTimestamp,
  jsonWithoutNul(m.properties),
  jsonWithoutNul(m.traits),
  jsonWithoutNul(m.context),
];

export const IDENTITY_LINKS: TableShape = {
  table: 'identity_links',
  columns: [
    ['workspace_id', 'text'],
    ['from_id', 'text'],
    ['user_id', 'text'],
    ['ts', 'time'],
    ['seq', 'bigint'],
  ],
};

export const MEMBERSHIPS: TableShape = {
  table: 'memberships',
  columns: [
    ['workspace_id', 'text'],
    ['user_key', 'text'],
    ['group_id', 'text'],
    ['ts', 'time'],
    ['seq', 'bigint'],
  ],
};

export const TRAITS: TableShape = {
  table: 'traits',
  columns: [
    ['workspace_id', 'text'],
    ['entity_type', 'text'],
    ['entity_id', 'text'],
    ['key', 'text'],
    ['value', 'json'],
    ['ts', 'time'],
    ['seq', 'bigint'],
    ['source', 'text'],
  ],
};

export const traitRow = (ws: string, seq: number, t: TraitRow): Cell[] => [
  ws,
  t.entityType,
  t.entityId,
  textWithoutNul(t.key),
  jsonWithoutNul(t.value),
  t.timestamp,
  seq,
  t.source,
];

export const REJECTIONS: TableShape = {
  table: 'rejections',
  columns: [
    ['workspace_id', 'text'],
    ['received_at', 'time'],
    ['reason', 'text'],
    ['detail', 'text'],
    ['item_index', 'integer'],
    ['message_id', 'text'],
    ['excerpt', 'text'],
  ],
};

export const rejectionRow = (ws: string, at: number, r: RejectedItem): Cell[] => [
  ws,
  at,
  r.code,
  textWithoutNul(r.detail),
  r.index,
  textWithoutNul(r.messageId),
  textWithoutNul(r.excerpt),
];

export const OUTCOMES: TableShape = {
  table: 'outcomes',
  columns: [
    ['workspace_id', 'text'],
    ['seq', 'bigint'],
    ['entity_type', 'text'],
    ['entity_id', 'text'],
    ['type', 'text'],
    ['amount', 'double'],
    ['owner', 'text'],
    ['ts', 'time'],
    ['source', 'text'],
    ['received_at', 'time'],
  ],
};

export const outcomeRow = (ws: string, seq: number, o: OutcomeRow, at: number): Cell[] => [
  ws,
  seq,
  o.entityType,
  o.entityId,
  o.type,
  o.amount,
  o.owner,
  o.timestamp,
  o.source,
  at,
];

/** Every row one group commit writes, table by table, in the order they are inserted. */
export class GroupRows {
  readonly events: Cell[][] = [];
  readonly links: Cell[][] = [];
  readonly memberships: Cell[][] = [];
  readonly traits: Cell[][] = [];
  readonly rejections: Cell[][] = [];
  readonly outcomes: Cell[][] = [];

  /** A stored message and what it implies, all under the message's sequence number. */
  addMessage(ws: string, seq: number, m: NormalizedMessage): void {
    this.events.push(eventRow(ws, seq, m));
    if (m.link !== null) this.links.push([ws, m.link.fromId, m.link.userId, m.timestamp, seq]);
    if (m.membership !== null)
      this.memberships.push([ws, m.membership.userKey, m.membership.groupId, m.timestamp, seq]);
    for (const t of m.traitWrites)
      this.traits.push(traitRow(ws, seq, { ...t, timestamp: m.timestamp, source: m.type }));
  }

  tables(): [TableShape, Cell[][]][] {
    return [
      [EVENTS, this.events],
      [IDENTITY_LINKS, this.links],
      [MEMBERSHIPS, this.memberships],
      [TRAITS, this.traits],
      [REJECTIONS, this.rejections],
      [OUTCOMES, this.outcomes],
    ];
  }
}
