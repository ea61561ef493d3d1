/**
 * Who is who as of `as_of`: the one-hop canonical user of every key, the stored rows re-keyed to
 * canonical users, trait rows, and (for accounts) memberships including e-mail-domain accounts.
 *
 * The series compiler (src/sql/series/) builds its rows with these same functions: it passes a
 * `KeyResolution` that reads `key_phases` instead of `canonical_ids` and adds each row's span of
 * grid points, so the rules (which link wins, which rows count, which domains make accounts) are
 * written once for both.
 */
import { COUNTED_TYPES, type EntityType } from '../../model/dataset.ts';
import { type CteNode, cte, select, union } from '../query-node.ts';
import { type CompileContext, inWorkspace, notAfterAsOf, table } from './context.ts';

export const COUNTED = (ctx: CompileContext, alias: string): string =>
  `${alias}.type IN (${COUNTED_TYPES.map((type) => ctx.dialect.string(type)).join(', ')})`;

/**
 * How a stored row keyed by a user key finds its canonical user, and for how long. A score query
 * joins `canonical_ids` and a row simply exists; a series query joins `key_phases` (a key is
 * itself before its link, the link's target after) and a row holds a span `[from_j, to_j)`.
 */
export interface KeyResolution {
  /** The LEFT JOIN that resolves the SQL key `key`. */
  join(key: string): string;
  /** The joined column holding the canonical user, null when the key is not linked. */
  readonly user: string;
  /**
   * The columns and conditions a row adds for its extent: it exists from `ts` on (a null ts, when
   * `nullable`, means since the beginning), along its key's phases when `keyed`.
   */
  extent(row: { readonly ts: string; readonly nullable: boolean; readonly keyed: boolean }): {
    readonly columns: readonly string[];
    readonly where: readonly string[];
  };
}

/** One `as_of`: every key's canonical user is fixed; a row exists or is filtered out by `ts`. */
export const AT_AS_OF: KeyResolution = Object.freeze({
  join: (key: string) => `LEFT JOIN canonical_ids AS c ON c.from_id = ${key}`,
  user: 'c.user_id',
  extent: () => ({ columns: [], where: [] }),
});

/**
 * link_ranks(from_id, user_id, link_rank, extra…): each key's links as of `as_of`, the earliest
 * ranked 1 (ties: smallest user id, bytewise).
 */
export function linkRanksCte(ctx: CompileContext, extraColumns: readonly string[] = []): CteNode {
  return cte(
    'link_ranks',
    select({
      columns: [
        'l.from_id AS from_id',
        'l.user_id AS user_id',
        ...extraColumns,
        `row_number() OVER (PARTITION BY l.from_id ORDER BY l.ts, ${ctx.dialect.bytewise('l.user_id')}) AS link_rank`,
      ],
      from: table(ctx, 'identityLinks', 'l'),
      // A link from a user id to itself says nothing and must not shadow a real one.
      where: [inWorkspace(ctx, 'l'), notAfterAsOf(ctx, 'l'), 'l.from_id <> l.user_id'],
    }),
    'identity: each key belongs to the target of its earliest link as of as_of',
  );
}

/** canonical_ids(from_id, user_id): the earliest link from each key (ties: smallest user id). */
export function canonicalIdCtes(ctx: CompileContext): CteNode[] {
  return [
    linkRanksCte(ctx),
    cte(
      'canonical_ids',
      select({ columns: ['from_id', 'user_id'], from: 'link_ranks', where: ['link_rank = 1'] }),
    ),
  ];
}

/**
 * Stored messages up to `as_of` (table alias `e`) keyed by canonical user, with `columns` read
 * from `e`. Users need every message type (any message makes a user exist, `counted` says which
 * count); accounts only counted events.
 */
export function keyedEventsCte(
  ctx: CompileContext,
  keys: KeyResolution,
  part: { readonly name: string; readonly columns: readonly string[]; readonly note: string },
): CteNode {
  const forUsers = ctx.ir.entity === 'user';
  const extent = keys.extent({ ts: 'e.ts', nullable: false, keyed: true });
  return cte(
    part.name,
    select({
      columns: [
        `coalesce(${keys.user}, e.user_id, e.anonymous_id) AS user_id`,
        'e.group_id AS group_id',
        ...(forUsers ? [`${COUNTED(ctx, 'e')} AS counted`] : []),
        ...part.columns,
        ...extent.columns,
      ],
      from: table(ctx, 'events', 'e'),
      joins: [keys.join('coalesce(e.user_id, e.anonymous_id)')],
      where: [
        inWorkspace(ctx, 'e'),
        notAfterAsOf(ctx, 'e'),
        ...(forUsers ? [] : [COUNTED(ctx, 'e')]),
        ...extent.where,
      ],
    }),
    part.note,
  );
}

/** event_rows: stored messages as of `as_of` keyed by canonical user. */
export function eventRowsCte(ctx: CompileContext): CteNode {
  return keyedEventsCte(ctx, AT_AS_OF, {
    name: 'event_rows',
    columns: ['e.event AS event', 'e.ts AS ts', 'e.properties AS properties'],
    note: 'stored messages as of as_of, keyed by canonical user',
  });
}

/** Trait rows existing as of `as_of` (a null ts means since the beginning of time). */
export function traitRowsCte(
  ctx: CompileContext,
  name: string,
  entityType: EntityType,
  keys: KeyResolution = AT_AS_OF,
): CteNode {
  const { dialect } = ctx;
  const canonical = entityType === 'user';
  const extent = keys.extent({ ts: 't.ts', nullable: true, keyed: canonical });
  return cte(
    name,
    select({
      columns: [
        canonical ? `coalesce(${keys.user}, t.entity_id) AS entity_id` : 't.entity_id AS entity_id',
        't.key AS key',
        't.value AS value',
        't.ts AS ts',
        't.seq AS seq',
        ...extent.columns,
      ],
      from: table(ctx, 'traits', 't'),
      joins: canonical ? [keys.join('t.entity_id')] : [],
      where: [
        inWorkspace(ctx, 't'),
        `t.entity_type = ${dialect.string(entityType)}`,
        `(t.ts IS NULL OR ${notAfterAsOf(ctx, 't')})`,
        ...extent.where,
      ],
    }),
  );
}

/** Which of two trait records of one (entity, key) wins: larger ts (null = −∞), then larger seq. */
export function latestTraitOrder(alias: string): string {
  return `${alias}ts DESC NULLS LAST, ${alias}seq DESC`;
}

/** The latest value per (entity, key). */
export function latestTraitsCte(name: string, from: string, keyCondition: string): CteNode {
  return cte(
    name,
    select({
      columns: [
        'entity_id',
        'key',
        'value',
        `row_number() OVER (PARTITION BY entity_id, key ORDER BY ${latestTraitOrder('')}) AS trait_rank`,
      ],
      from,
      where: [keyCondition],
    }),
  );
}

/** `name(user_id, group_id, …extent)`: canonical users' group calls, a member from each call on. */
export function groupMembersCte(ctx: CompileContext, name: string, keys: KeyResolution = AT_AS_OF): CteNode {
  const extent = keys.extent({ ts: 'm.ts', nullable: false, keyed: true });
  return cte(
    name,
    select({
      distinct: true,
      columns: [`coalesce(${keys.user}, m.user_key) AS user_id`, 'm.group_id AS group_id', ...extent.columns],
      from: table(ctx, 'memberships', 'm'),
      joins: [keys.join('m.user_key')],
      where: [inWorkspace(ctx, 'm'), notAfterAsOf(ctx, 'm'), 'm.group_id IS NOT NULL', ...extent.where],
    }),
    'accounts: a canonical user is a member from its first group call on',
  );
}

/** `<domain of the e-mail trait in column value> AS domain`. */
export function emailDomainColumn(ctx: CompileContext): string {
  const { dialect } = ctx;
  return `${dialect.emailDomain(dialect.jsonString('value'))} AS domain`;
}

/** Which e-mail domains make an account (column `domain`): not empty, not a free-mail domain. */
export function usableDomain(ctx: CompileContext): string[] {
  const freeDomains = ctx.dialect.identifier(ctx.tables.freeEmailDomains);
  return ["domain <> ''", `domain NOT IN (SELECT domain FROM ${freeDomains})`];
}

/** The account id of an e-mail domain (SQL). */
export function domainAccountId(ctx: CompileContext, domain: string): string {
  return `${ctx.dialect.string('domain:')} || ${domain}`;
}

/** account_members(user_id, group_id): memberships as of `as_of`, plus e-mail-domain accounts. */
export function membershipCtes(ctx: CompileContext): CteNode[] {
  const { dialect } = ctx;
  const groupMembers = groupMembersCte(ctx, 'group_members');
  if (!ctx.options.domainAccounts) {
    return [
      groupMembers,
      cte('account_members', select({ columns: ['user_id', 'group_id'], from: 'group_members' })),
    ];
  }
  return [
    groupMembers,
    traitRowsCte(ctx, 'user_trait_rows', 'user'),
    latestTraitsCte('latest_emails', 'user_trait_rows', `key = ${dialect.string('email')}`),
    cte(
      'email_domains',
      select({
        columns: ['entity_id AS user_id', emailDomainColumn(ctx)],
        from: 'latest_emails',
        where: ['trait_rank = 1'],
      }),
      'users in no account join domain:<domain> from their e-mail, free-mail domains excluded',
    ),
    cte(
      'account_members',
      union([
        select({ columns: ['user_id', 'group_id'], from: 'group_members' }),
        select({
          columns: ['user_id', `${domainAccountId(ctx, 'domain')} AS group_id`],
          from: 'email_domains',
          where: [...usableDomain(ctx), 'user_id NOT IN (SELECT user_id FROM group_members)'],
        }),
      ]),
    ),
  ];
}
