/** What counts as failing, and the latest failure per destination: read by health and the failure monitor. */

/** Dead letters, and pending deliveries whose last attempt failed. */
export const FAILING = `(status = 'dead' OR (status = 'pending' AND attempts > 0))`;

/**
 * The latest failing delivery of each destination among the rows `scope` keeps (a condition on
 * `deliveries`): `destination`, `failed_at`, `last_status`, `last_detail`. Alias it in FROM.
 */
export function latestFailures(scope: string): string {
  return `(SELECT destination, updated_at AS failed_at, last_status, last_detail FROM (
      SELECT destination, updated_at, last_status, last_detail,
        row_number() OVER (PARTITION BY destination ORDER BY updated_at DESC, seq DESC) AS position
      FROM deliveries WHERE ${FAILING} AND ${scope}
    ) AS failing WHERE position = 1)`;
}
