/**
 * Who is who along the grid. A key's canonical user changes at most once: it is the key itself
 * until its earliest identity link exists, the link's target from then on (docs/semantics.md,
 * "Identity, one hop"). `key_phases` holds those two spans per linked key; every stored row keyed
 * by a user key is split along them. Memberships, e-mail domain accounts and trait records follow.
 */
import type { EntityType } from '../../model/dataset.ts';
import {
  domainAccountId,
  emailDomainColumn,
  groupMembersCte,
  type KeyResolution,
  keyedEventsCte,
  linkRanksCte,
  traitRowsCte,
  usableDomain,
} from '../compile/identity-ctes.ts';
import { type CteNode, cte, select, union } from '../query-node.ts';
import { eventSignalColumns } from './series-activity-ctes.ts';
import { gridIndexOf, type SeriesContext } from './series-context.ts';
import { islandCtes, latestSegmentCtes } from './span-ctes.ts';

/** key_phases(key, user_id, from_j, to_j): the canonical user of every linked key, per span. */
export function keyPhaseCtes(ctx: SeriesContext): CteNode[] {
  return [
    linkRanksCte(ctx, ['l.ts AS ts']),
    cte(
      'first_links',
      select({
        columns: ['from_id', 'user_id', `${gridIndexOf(ctx, 'ts')} AS link_j`],
        from: 'link_ranks',
        where: ['link_rank = 1'],
      }),
      "the grid index from which each key's earliest link exists",
    ),
    cte(
      'key_phases',
      union([
        select({
          columns: ['from_id AS key', 'from_id AS user_id', '0 AS from_j', 'link_j AS to_j'],
          from: 'first_links',
          where: ['link_j > 0'],
        }),
        select({
          columns: ['from_id AS key', 'user_id', 'link_j AS from_j', `${ctx.grid.count} AS to_j`],
          from: 'first_links',
        }),
      ]),
      'a linked key is itself before its link, its target from the link on',
    ),
  ];
}

/**
 * Rows keyed through `key_phases` (alias p): each holds the span of grid points `[from_j, to_j)`
 * from its own time (the first grid point at or after it; 0 for a null time) to the end of the
 * grid, cut to its key's phase when keyed; rows with an empty span are dropped.
 */
export function phasedKeys(ctx: SeriesContext): KeyResolution {
  const count = String(ctx.grid.count);
  return {
    join: (key) => `LEFT JOIN key_phases AS p ON p.key = ${key}`,
    user: 'p.user_id',
    extent: ({ ts, nullable, keyed }) => {
      const own = nullable
        ? `CASE WHEN ${ts} IS NULL THEN 0 ELSE ${gridIndexOf(ctx, ts)} END`
        : gridIndexOf(ctx, ts);
      const from = keyed ? `greatest(${own}, coalesce(p.from_j, 0))` : own;
      const to = keyed ? `coalesce(p.to_j, ${count})` : count;
      return { columns: [`${from} AS from_j`, `${to} AS to_j`], where: [`${from} < ${to}`] };
    },
  };
}

/**
 * event_spans: stored messages up to the last grid point, keyed by canonical user per span, with
 * `ms` (epoch ms of ts) and each aggregate signal's per-event test (series-activity-ctes.ts).
 */
export function eventSpansCte(ctx: SeriesContext): CteNode {
  return keyedEventsCte(ctx, phasedKeys(ctx), {
    name: 'event_spans',
    columns: ['e.ts AS ts', `${ctx.dialect.epochMs('e.ts')} AS ms`, ...eventSignalColumns(ctx)],
    note: 'stored messages keyed by canonical user, each over the span of grid points it belongs to that user',
  });
}

/** Trait records of one entity type with their spans; user records follow their key's phases. */
export function traitSpansCte(ctx: SeriesContext, name: string, entityType: EntityType): CteNode {
  return traitRowsCte(ctx, name, entityType, phasedKeys(ctx));
}

/**
 * account_members(user_id, group_id, from_j, to_j): canonical users' memberships as disjoint
 * spans, plus (with domainAccounts) `domain:<domain>` over the spans where the user is in no
 * account and its latest `email` has a domain outside the free-mail list.
 */
export function memberCtes(ctx: SeriesContext): CteNode[] {
  const { dialect } = ctx;
  const groupMembers = [
    groupMembersCte(ctx, 'member_spans', phasedKeys(ctx)),
    ...islandCtes('group_members', 'member_spans', ['user_id', 'group_id']),
  ];
  if (!ctx.options.domainAccounts) {
    return [
      ...groupMembers,
      cte(
        'account_members',
        select({ columns: ['user_id', 'group_id', 'from_j', 'to_j'], from: 'group_members' }),
      ),
    ];
  }
  return [
    ...groupMembers,
    ...islandCtes('member_union', 'group_members', ['user_id']),
    traitSpansCte(ctx, 'user_trait_spans', 'user'),
    ...latestSegmentCtes('latest_emails', 'user_trait_spans', `key = ${dialect.string('email')}`),
    cte(
      'domain_candidates',
      select({
        columns: ['entity_id AS user_id', 'from_j', 'to_j', emailDomainColumn(ctx)],
        from: 'latest_emails',
      }),
      'users in no account join domain:<domain> from their e-mail, free-mail domains excluded',
    ),
    cte(
      'domain_usable',
      select({
        columns: ['user_id', 'from_j', 'to_j', 'domain'],
        from: 'domain_candidates',
        where: usableDomain(ctx),
      }),
    ),
    cte(
      'domain_points',
      select({
        distinct: true,
        columns: ['user_id', 'b'],
        from: `(SELECT user_id, from_j AS b FROM domain_usable UNION ALL SELECT user_id, to_j AS b FROM domain_usable UNION ALL SELECT u.user_id, u.from_j AS b FROM member_union AS u WHERE u.user_id IN (SELECT user_id FROM domain_usable) UNION ALL SELECT u.user_id, u.to_j AS b FROM member_union AS u WHERE u.user_id IN (SELECT user_id FROM domain_usable))`,
      }),
    ),
    cte(
      'domain_segments',
      select({
        columns: ['user_id', 'b AS from_j', 'lead(b) OVER (PARTITION BY user_id ORDER BY b) AS to_j'],
        from: 'domain_points',
      }),
    ),
    cte(
      'domain_members',
      select({
        columns: [
          's.user_id AS user_id',
          `${domainAccountId(ctx, 'd.domain')} AS group_id`,
          's.from_j AS from_j',
          's.to_j AS to_j',
        ],
        from: 'domain_segments AS s',
        joins: [
          'JOIN domain_usable AS d ON d.user_id = s.user_id AND d.from_j <= s.from_j AND d.to_j >= s.to_j',
        ],
        where: [
          's.to_j IS NOT NULL',
          'NOT EXISTS (SELECT 1 FROM member_union AS u WHERE u.user_id = s.user_id AND u.from_j <= s.from_j AND u.to_j >= s.to_j)',
        ],
      }),
    ),
    cte(
      'account_members',
      union([
        select({ columns: ['user_id', 'group_id', 'from_j', 'to_j'], from: 'group_members' }),
        select({ columns: ['user_id', 'group_id', 'from_j', 'to_j'], from: 'domain_members' }),
      ]),
    ),
  ];
}
