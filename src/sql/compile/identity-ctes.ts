/**
 * Who is who as of `as_of`: the one-hop canonical user of every key, the stored rows re-keyed to
 * canonical users, trait rows, and (for accounts) memberships including e-mail-domain accounts.
 */
import { COUNTED_TYPES, type EntityType } from '../../model/dataset.ts';
import { type CteNode, cte, select, union } from '../query-node.ts';
import { type CompileContext, inWorkspace, notAfterAsOf, table } from './context.ts';

export const COUNTED = (ctx: CompileContext, alias: string): string =>
  `${alias}.type IN (${COUNTED_TYPES.map((type) => ctx.dialect.string(type)).join(', ')})`;

/** canonical_ids(from_id, user_id): the earliest link from each key (ties: smallest user id). */
export function canonicalIdCtes(ctx: CompileContext): CteNode[] {
  const { dialect } = ctx;
  return [
    cte(
      'link_ranks',
      select({
        columns: [
          'l.from_id AS from_id',
          'l.user_id AS user_id',
          `row_number() OVER (PARTITION BY l.from_id ORDER BY l.ts, ${dialect.bytewise('l.user_id')}) AS link_rank`,
        ],
        from: table(ctx, 'identityLinks', 'l'),
        // A link from a user id to itself says nothing and must not shadow a real one.
        where: [inWorkspace(ctx, 'l'), notAfterAsOf(ctx, 'l'), 'l.from_id <> l.user_id'],
      }),
      'identity: each key belongs to the target of its earliest link as of as_of',
    ),
    cte(
      'canonical_ids',
      select({ columns: ['from_id', 'user_id'], from: 'link_ranks', where: ['link_rank = 1'] }),
    ),
  ];
}

/**
 * event_rows: stored messages as of `as_of` keyed by canonical user. Users need every message
 * type (any message makes a user exist); accounts only counted events.
 */
export function eventRowsCte(ctx: CompileContext): CteNode {
  const forUsers = ctx.ir.entity === 'user';
  return cte(
    'event_rows',
    select({
      columns: [
        'coalesce(c.user_id, e.user_id, e.anonymous_id) AS user_id',
        'e.group_id AS group_id',
        'e.event AS event',
        'e.ts AS ts',
        ...(forUsers ? [`${COUNTED(ctx, 'e')} AS counted`] : []),
        'e.properties AS properties',
      ],
      from: table(ctx, 'events', 'e'),
      joins: ['LEFT JOIN canonical_ids AS c ON c.from_id = coalesce(e.user_id, e.anonymous_id)'],
      where: [inWorkspace(ctx, 'e'), notAfterAsOf(ctx, 'e'), ...(forUsers ? [] : [COUNTED(ctx, 'e')])],
    }),
    'stored messages as of as_of, keyed by canonical user',
  );
}

/** Trait rows existing as of `as_of` (a null ts means since the beginning of time). */
export function traitRowsCte(ctx: CompileContext, name: string, entityType: EntityType): CteNode {
  const { dialect } = ctx;
  const canonical = entityType === 'user';
  return cte(
    name,
    select({
      columns: [
        canonical ? 'coalesce(c.user_id, t.entity_id) AS entity_id' : 't.entity_id AS entity_id',
        't.key AS key',
        't.value AS value',
        't.ts AS ts',
        't.seq AS seq',
      ],
      from: table(ctx, 'traits', 't'),
      joins: canonical ? ['LEFT JOIN canonical_ids AS c ON c.from_id = t.entity_id'] : [],
      where: [
        inWorkspace(ctx, 't'),
        `t.entity_type = ${dialect.string(entityType)}`,
        `(t.ts IS NULL OR ${notAfterAsOf(ctx, 't')})`,
      ],
    }),
  );
}

/** The latest value per (entity, key): larger ts wins (null = −∞), then larger seq. */
export function latestTraitsCte(name: string, from: string, keyCondition: string): CteNode {
  return cte(
    name,
    select({
      columns: [
        'entity_id',
        'key',
        'value',
        'row_number() OVER (PARTITION BY entity_id, key ORDER BY ts DESC NULLS LAST, seq DESC) AS trait_rank',
      ],
      from,
      where: [keyCondition],
    }),
  );
}

/** account_members(user_id, group_id): memberships as of `as_of`, plus e-mail-domain accounts. */
export function membershipCtes(ctx: CompileContext): CteNode[] {
  const { dialect } = ctx;
  const groupMembers = cte(
    'group_members',
    select({
      distinct: true,
      columns: ['coalesce(c.user_id, m.user_key) AS user_id', 'm.group_id AS group_id'],
      from: table(ctx, 'memberships', 'm'),
      joins: ['LEFT JOIN canonical_ids AS c ON c.from_id = m.user_key'],
      where: [inWorkspace(ctx, 'm'), notAfterAsOf(ctx, 'm'), 'm.group_id IS NOT NULL'],
    }),
    'accounts: a canonical user is a member from its first group call on',
  );
  if (!ctx.options.domainAccounts) {
    return [
      groupMembers,
      cte('account_members', select({ columns: ['user_id', 'group_id'], from: 'group_members' })),
    ];
  }
  const freeDomains = dialect.identifier(ctx.tables.freeEmailDomains);
  return [
    groupMembers,
    traitRowsCte(ctx, 'user_trait_rows', 'user'),
    latestTraitsCte('latest_emails', 'user_trait_rows', `key = ${dialect.string('email')}`),
    cte(
      'email_domains',
      select({
        columns: ['entity_id AS user_id', `${dialect.emailDomain(dialect.jsonString('value'))} AS domain`],
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
          columns: ['user_id', `${dialect.string('domain:')} || domain AS group_id`],
          from: 'email_domains',
          where: [
            "domain <> ''",
            `domain NOT IN (SELECT domain FROM ${freeDomains})`,
            'user_id NOT IN (SELECT user_id FROM group_members)',
          ],
        }),
      ]),
    ),
  ];
}
