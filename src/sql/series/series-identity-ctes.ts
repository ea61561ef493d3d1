/**
 * Who is who along the grid. A key's canonical user changes at most once: it is the key itself
 * until its earliest identity link exists, the link's target from then on (docs/semantics.md,
 * "Identity, one hop"). `key_phases` holds those two spans per linked key; every stored row keyed
 * by a user key is split along them. Memberships, e-mail domain accounts and trait records follow.
 */
import type { EntityType } from '../../model/dataset.ts';
import { inWorkspace, notAfterAsOf, table } from '../compile/context.ts';
import { COUNTED } from '../compile/identity-ctes.ts';
import { type CteNode, cte, select, union } from '../query-node.ts';
import { eventSignalColumns } from './series-activity-ctes.ts';
import { gridIndexOf, type SeriesContext } from './series-context.ts';
import { islandCtes, latestSegmentCtes } from './span-ctes.ts';

/** key_phases(key, user_id, from_j, to_j): the canonical user of every linked key, per span. */
export function keyPhaseCtes(ctx: SeriesContext): CteNode[] {
  const { dialect, grid } = ctx;
  return [
    cte(
      'link_ranks',
      select({
        columns: [
          'l.from_id AS from_id',
          'l.user_id AS user_id',
          'l.ts AS ts',
          `row_number() OVER (PARTITION BY l.from_id ORDER BY l.ts, ${dialect.bytewise('l.user_id')}) AS link_rank`,
        ],
        from: table(ctx, 'identityLinks', 'l'),
        where: [inWorkspace(ctx, 'l'), notAfterAsOf(ctx, 'l'), 'l.from_id <> l.user_id'],
      }),
      'identity: the earliest link of each key, and the grid index from which it exists',
    ),
    cte(
      'first_links',
      select({
        columns: ['from_id', 'user_id', `${gridIndexOf(ctx, 'ts')} AS link_j`],
        from: 'link_ranks',
        where: ['link_rank = 1'],
      }),
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
          columns: ['from_id AS key', 'user_id', 'link_j AS from_j', `${grid.count} AS to_j`],
          from: 'first_links',
        }),
      ]),
      'a linked key is itself before its link, its target from the link on',
    ),
  ];
}

/** `greatest(<row's own start>, phase start)` and the phase end, for a row joined to key_phases as p. */
function phased(ctx: SeriesContext, ownStart: string): { from: string; to: string } {
  return { from: `greatest(${ownStart}, coalesce(p.from_j, 0))`, to: `coalesce(p.to_j, ${ctx.grid.count})` };
}

/**
 * event_spans: stored messages up to the last grid point, keyed by canonical user per span, with
 * `ms` (epoch ms of ts) and each aggregate signal's per-event test (series-activity-ctes.ts).
 * Users keep every message type (any message makes a user exist).
 */
export function eventSpansCte(ctx: SeriesContext): CteNode {
  const forUsers = ctx.ir.entity === 'user';
  const span = phased(ctx, gridIndexOf(ctx, 'e.ts'));
  return cte(
    'event_spans',
    select({
      columns: [
        'coalesce(p.user_id, e.user_id, e.anonymous_id) AS user_id',
        'e.group_id AS group_id',
        'e.ts AS ts',
        `${ctx.dialect.epochMs('e.ts')} AS ms`,
        ...(forUsers ? [`${COUNTED(ctx, 'e')} AS counted`] : []),
        ...eventSignalColumns(ctx),
        `${span.from} AS from_j`,
        `${span.to} AS to_j`,
      ],
      from: table(ctx, 'events', 'e'),
      joins: ['LEFT JOIN key_phases AS p ON p.key = coalesce(e.user_id, e.anonymous_id)'],
      where: [
        inWorkspace(ctx, 'e'),
        notAfterAsOf(ctx, 'e'),
        ...(forUsers ? [] : [COUNTED(ctx, 'e')]),
        `${span.from} < ${span.to}`,
      ],
    }),
    'stored messages keyed by canonical user, each over the span of grid points it belongs to that user',
  );
}

/** Trait records of one entity type with their spans; user records follow their key's phases. */
export function traitSpansCte(ctx: SeriesContext, name: string, entityType: EntityType): CteNode {
  const { dialect } = ctx;
  const canonical = entityType === 'user';
  const ownStart = `CASE WHEN t.ts IS NULL THEN 0 ELSE ${gridIndexOf(ctx, 't.ts')} END`;
  const span = canonical ? phased(ctx, ownStart) : { from: ownStart, to: String(ctx.grid.count) };
  return cte(
    name,
    select({
      columns: [
        canonical ? 'coalesce(p.user_id, t.entity_id) AS entity_id' : 't.entity_id AS entity_id',
        't.key AS key',
        't.value AS value',
        't.ts AS ts',
        't.seq AS seq',
        `${span.from} AS from_j`,
        `${span.to} AS to_j`,
      ],
      from: table(ctx, 'traits', 't'),
      joins: canonical ? ['LEFT JOIN key_phases AS p ON p.key = t.entity_id'] : [],
      where: [
        inWorkspace(ctx, 't'),
        `t.entity_type = ${dialect.string(entityType)}`,
        `(t.ts IS NULL OR ${notAfterAsOf(ctx, 't')})`,
        `${span.from} < ${span.to}`,
      ],
    }),
  );
}

/**
 * account_members(user_id, group_id, from_j, to_j): canonical users' memberships as disjoint
 * spans, plus (with domainAccounts) `domain:<domain>` over the spans where the user is in no
 * account and its latest `email` has a domain outside the free-mail list.
 */
export function memberCtes(ctx: SeriesContext): CteNode[] {
  const { dialect } = ctx;
  const span = phased(ctx, gridIndexOf(ctx, 'm.ts'));
  const groupMembers = [
    cte(
      'member_spans',
      select({
        columns: [
          'coalesce(p.user_id, m.user_key) AS user_id',
          'm.group_id AS group_id',
          `${span.from} AS from_j`,
          `${span.to} AS to_j`,
        ],
        from: table(ctx, 'memberships', 'm'),
        joins: ['LEFT JOIN key_phases AS p ON p.key = m.user_key'],
        where: [
          inWorkspace(ctx, 'm'),
          notAfterAsOf(ctx, 'm'),
          'm.group_id IS NOT NULL',
          `${span.from} < ${span.to}`,
        ],
      }),
      'accounts: a canonical user is a member from its first group call on',
    ),
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
  const freeDomains = dialect.identifier(ctx.tables.freeEmailDomains);
  return [
    ...groupMembers,
    ...islandCtes('member_union', 'group_members', ['user_id']),
    traitSpansCte(ctx, 'user_trait_spans', 'user'),
    ...latestSegmentCtes('latest_emails', 'user_trait_spans', `key = ${dialect.string('email')}`),
    cte(
      'domain_candidates',
      select({
        columns: [
          'entity_id AS user_id',
          'from_j',
          'to_j',
          `${dialect.emailDomain(dialect.jsonString('value'))} AS domain`,
        ],
        from: 'latest_emails',
      }),
      'users in no account join domain:<domain> from their e-mail, free-mail domains excluded',
    ),
    cte(
      'domain_usable',
      select({
        columns: ['user_id', 'from_j', 'to_j', 'domain'],
        from: 'domain_candidates',
        where: ["domain <> ''", `domain NOT IN (SELECT domain FROM ${freeDomains})`],
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
          `${dialect.string('domain:')} || d.domain AS group_id`,
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
