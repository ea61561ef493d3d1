WITH
  -- identity: each key belongs to the target of its earliest link as of as_of
  link_ranks AS (
    SELECT
      l.from_id AS from_id,
      l.user_id AS user_id,
      row_number() OVER (PARTITION BY l.from_id ORDER BY l.ts, (l.user_id) COLLATE "C") AS link_rank
    FROM "identity_links" AS l
    WHERE l.workspace_id = 'ws'
      AND l.ts <= TIMESTAMP '2024-06-01 00:00:00.000'
      AND l.from_id <> l.user_id
  ),
  canonical_ids AS (
    SELECT
      from_id,
      user_id
    FROM link_ranks
    WHERE link_rank = 1
  ),
  -- stored messages as of as_of, keyed by canonical user
  event_rows AS (
    SELECT
      coalesce(c.user_id, e.user_id, e.anonymous_id) AS user_id,
      e.group_id AS group_id,
      e.type IN ('track', 'page', 'screen') AS counted,
      e.event AS event,
      e.ts AS ts,
      e.properties AS properties
    FROM "events" AS e
    LEFT JOIN canonical_ids AS c ON c.from_id = coalesce(e.user_id, e.anonymous_id)
    WHERE e.workspace_id = 'ws'
      AND e.ts <= TIMESTAMP '2024-06-01 00:00:00.000'
  ),
  entity_events AS (
    SELECT
      user_id AS entity_id,
      counted,
      user_id,
      event,
      ts,
      properties
    FROM event_rows
    WHERE user_id IS NOT NULL
  ),
  -- every event signal in one pass over the events, one conditional aggregate each
  activity AS (
    SELECT
      entity_id,
      max(ts) FILTER (WHERE counted) AS last_event_at,
      min(ts) FILTER (WHERE counted) AS first_event_at,
      count(*) FILTER (WHERE CASE WHEN counted AND event = '$page' AND ts > TIMESTAMP '2024-05-25 00:00:00.000' THEN (CASE WHEN jsonb_typeof(properties -> 'path') = 'string' THEN (properties -> 'path') #>> '{}' END = '/pricing') ELSE FALSE END) AS agg_pricing
    FROM entity_events
    GROUP BY entity_id
  ),
  trait_rows AS (
    SELECT
      coalesce(c.user_id, t.entity_id) AS entity_id,
      t.key AS key,
      t.value AS value,
      t.ts AS ts,
      t.seq AS seq
    FROM "traits" AS t
    LEFT JOIN canonical_ids AS c ON c.from_id = t.entity_id
    WHERE t.workspace_id = 'ws'
      AND t.entity_type = 'user'
      AND (t.ts IS NULL OR t.ts <= TIMESTAMP '2024-06-01 00:00:00.000')
  ),
  latest_traits AS (
    SELECT
      entity_id,
      key,
      value,
      row_number() OVER (PARTITION BY entity_id, key ORDER BY ts DESC NULLS LAST, seq DESC) AS trait_rank
    FROM trait_rows
    WHERE key IN ('size')
  ),
  entity_candidates AS (
    SELECT
      entity_id
    FROM activity
    UNION ALL
    SELECT
      entity_id
    FROM trait_rows
  ),
  entities AS (
    SELECT DISTINCT
      entity_id
    FROM entity_candidates
    WHERE entity_id IS NOT NULL
  ),
  base AS (
    SELECT
      n.entity_id AS entity_id,
      CAST(extract(epoch FROM a.last_event_at) * 1000 AS bigint) AS last_event_ms,
      CAST(extract(epoch FROM a.first_event_at) * 1000 AS bigint) AS first_event_ms,
      coalesce(a.agg_pricing, 0) AS agg_pricing,
      trait_size.value AS trait_size
    FROM entities AS n
    LEFT JOIN activity AS a ON a.entity_id = n.entity_id
    LEFT JOIN (SELECT entity_id, value FROM latest_traits WHERE trait_rank = 1 AND key = 'size') AS trait_size ON trait_size.entity_id = n.entity_id
  ),
  -- leaf signals: counts, sums, traits, recency of events
  signals_1 AS (
    SELECT
      base.*,
      agg_pricing >= 1 AS sig_pricing_holds,
      agg_pricing AS sig_pricing_value,
      coalesce(CASE WHEN jsonb_typeof(trait_size) = 'number' THEN CAST(trait_size AS double precision) END >= 100, FALSE) AS sig_big_holds,
      CASE WHEN jsonb_typeof(trait_size) <> 'null' THEN CAST(trait_size AS text) END AS sig_big_value
    FROM base
  ),
  -- gates, points, recency multiplier (whole percent), hand-raisers
  scored AS (
    SELECT
      signals_1.*,
      CASE WHEN sig_pricing_holds THEN 10 ELSE 0 END + CASE WHEN sig_big_holds THEN 5 ELSE 0 END AS points_total,
      100 AS multiplier_percent,
      FALSE AS hand_raiser
    FROM signals_1
  ),
  -- score, gated
  ranked AS (
    SELECT
      scored.*,
      greatest(0, least(100, CAST(floor((points_total * multiplier_percent + 50) / 100.0) AS BIGINT))) AS score
    FROM scored
  )
SELECT
  entity_id,
  score,
  CASE WHEN score >= 10 THEN 'hot' WHEN score >= 0 THEN 'warm' END AS tier,
  hand_raiser,
  points_total,
  multiplier_percent,
  last_event_ms AS last_event_at,
  sig_pricing_holds,
  sig_pricing_value,
  sig_big_holds,
  sig_big_value
FROM ranked
ORDER BY (entity_id) COLLATE "C"