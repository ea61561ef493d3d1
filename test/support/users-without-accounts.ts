/**
 * The shape of plain Segment traffic: users sending `track`/`page` calls with no `context.groupId`
 * (no accounts at all), scored by a user-level definition where two pricing views make a PQL.
 * Shared by the real-time test and `bench:latency` (BENCH_SHAPE=users).
 */
let counter = 0;
const id = (prefix: string) => `${prefix}-${process.pid}-${counter++}`;

export const PRICING_PQL_YAML = `kindling: 1
name: users-without-accounts
entity: user
signals:
  active:
    label: Used the product this week
    event: Feature Used
    within: 7d
  pricing_views:
    label: Viewed pricing twice this week
    event: $page
    where: { path: /pricing }
    within: 7d
    at_least: 2
points:
  active: 10
  pricing_views: 50
tiers:
  browsing: 0
  pql: 50
`;

/** One `Feature Used` track per user (`<prefix>-0` … `<prefix>-<n-1>`): active, never a PQL. */
export function plainTrackBatch(
  users: number,
  prefix: string,
  now: number = Date.now(),
): { batch: Record<string, unknown>[] } {
  return {
    batch: Array.from({ length: users }, (_, n) => ({
      type: 'track',
      messageId: id(prefix),
      userId: `${prefix}-${n}`,
      event: 'Feature Used',
      properties: { feature: `f${n % 7}` },
      timestamp: new Date(now - (n % 60) * 1000).toISOString(),
    })),
  };
}

/** One view of /pricing by a user, with no account. */
export function pageView(userId: string, tag: string, now: number = Date.now()): Record<string, unknown> {
  return {
    type: 'page',
    messageId: id(`${userId}-${tag}`),
    userId,
    name: 'Pricing',
    properties: { path: '/pricing' },
    timestamp: new Date(now).toISOString(),
  };
}
