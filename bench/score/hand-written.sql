-- bench:score (b): the seed-003 account model of examples/demo/seed-003-accounts.yml, written by
-- hand for DuckDB as fast as we could, knowing the data (property types, trait sources). Same
-- semantics as the compiled query on this data; the benchmark checks the scores are identical.
WITH
  links AS (
    SELECT from_id, arg_min(user_id, user_id) FILTER (WHERE rnk = 1) AS user_id
    FROM (
      SELECT from_id, user_id, rank() OVER (PARTITION BY from_id ORDER BY ts) AS rnk
      FROM identity_links WHERE workspace_id = 'default' AND ts <= $as_of AND from_id <> user_id
    ) GROUP BY from_id
  ),
  ev AS (
    SELECT coalesce(l.user_id, e.user_id, e.anonymous_id) AS uid, e.group_id, e.event, e.ts,
           CASE WHEN e.event = 'Feature Used' THEN e.properties ->> '$.feature' END AS feature,
           CASE WHEN e.event = '$page' THEN e.properties ->> '$.path' END AS path
    FROM events e LEFT JOIN links l ON l.from_id = coalesce(e.user_id, e.anonymous_id)
    WHERE e.workspace_id = 'default' AND e.ts <= $as_of AND e.type IN ('track', 'page', 'screen')
  ),
  members AS (
    SELECT DISTINCT coalesce(l.user_id, m.user_key) AS uid, m.group_id
    FROM memberships m LEFT JOIN links l ON l.from_id = m.user_key
    WHERE m.workspace_id = 'default' AND m.ts <= $as_of
  ),
  -- Each event counts once per account: through its own group id, and through each membership
  -- of its user in another account (no row-level DISTINCT needed).
  account_events AS (
    SELECT ev.group_id AS account, ev.uid, ev.event, ev.ts, ev.feature, ev.path FROM ev WHERE ev.group_id IS NOT NULL
    UNION ALL
    SELECT m.group_id, ev.uid, ev.event, ev.ts, ev.feature, ev.path FROM ev JOIN members m USING (uid)
    WHERE ev.group_id IS NULL OR ev.group_id <> m.group_id
  ),
  activity AS (
    SELECT account,
      bool_or(event = 'Data Source Connected') AS activated,
      bool_or(event IN ('Seat Limit Reached', 'Usage Limit Reached') AND ts > $as_of - INTERVAL 30 DAY) AS hit_limit,
      bool_or(event = 'Feature Used' AND feature IN ('sql_editor', 'ai_summary', 'embedding', 'custom_metrics')
              AND ts > $as_of - INTERVAL 30 DAY) AS premium,
      count(DISTINCT uid) FILTER (WHERE ts > $as_of - INTERVAL 30 DAY) >= 3 AS team,
      bool_or(event = 'Demo Requested' AND ts > $as_of - INTERVAL 30 DAY) AS demo,
      bool_or(event = 'Checkout Started' AND ts > $as_of - INTERVAL 30 DAY) AS checkout,
      count(*) FILTER (WHERE event = '$page' AND path = '/pricing' AND ts > $as_of - INTERVAL 30 DAY) >= 3 AS pricing,
      count(DISTINCT CAST(ts AS DATE)) FILTER (WHERE ts > $as_of - INTERVAL 30 DAY) >= 14 AS habit,
      count(DISTINCT feature) FILTER (WHERE event = 'Feature Used' AND ts > $as_of - INTERVAL 30 DAY) >= 3 AS breadth,
      max(ts) AS last_ts
    FROM account_events GROUP BY account
  ),
  latest_traits AS (
    SELECT entity_id AS account, key, value FROM (
      SELECT entity_id, key, value,
             row_number() OVER (PARTITION BY entity_id, key ORDER BY ts DESC NULLS LAST, seq DESC) AS rn
      FROM traits WHERE workspace_id = 'default' AND entity_type = 'account' AND (ts IS NULL OR ts <= $as_of)
        AND key IN ('company_size', 'industry', 'plan')
    ) WHERE rn = 1
  ),
  firmographics AS (
    SELECT account,
      bool_or(key = 'company_size' AND json_type(value) IN ('BIGINT', 'UBIGINT', 'DOUBLE') AND TRY_CAST(value AS DOUBLE) >= 100) AS big,
      bool_or(key = 'industry' AND (value ->> '$') IN ('Software', 'Financial Services', 'Healthcare') AND json_type(value) = 'VARCHAR') AS vertical,
      bool_or(key = 'plan' AND (value ->> '$') IN ('team', 'enterprise') AND json_type(value) = 'VARCHAR') AS paid
    FROM latest_traits GROUP BY account
  ),
  universe AS (
    SELECT group_id AS account FROM ev WHERE group_id IS NOT NULL
    UNION SELECT group_id FROM members
    UNION SELECT entity_id FROM traits WHERE workspace_id = 'default' AND entity_type = 'account' AND (ts IS NULL OR ts <= $as_of)
  ),
  points AS (
    SELECT u.account, coalesce(a.activated, false) AS activated,
      coalesce(a.demo, false) OR coalesce(a.checkout, false) AS hand_raiser,
      30 * coalesce(a.hit_limit, false)::INT + 20 * coalesce(a.premium, false)::INT + 25 * coalesce(a.team, false)::INT
        + 30 * coalesce(a.demo, false)::INT + 40 * coalesce(a.checkout, false)::INT + 15 * coalesce(a.pricing, false)::INT
        + 10 * coalesce(a.habit, false)::INT + 10 * coalesce(a.breadth, false)::INT + 10 * coalesce(f.big, false)::INT
        + 10 * coalesce(f.vertical, false)::INT + 20 * coalesce(f.paid, false)::INT AS total,
      CASE WHEN a.last_ts > $as_of - INTERVAL 7 DAY THEN 100 WHEN a.last_ts > $as_of - INTERVAL 30 DAY THEN 50 ELSE 10 END AS pct
    FROM universe u LEFT JOIN activity a USING (account) LEFT JOIN firmographics f USING (account)
  ),
  scored AS (
    SELECT account, hand_raiser,
      CASE WHEN NOT activated THEN 0 ELSE least(100, greatest(0, floor((total * pct + 50) / 100)::INT)) END AS score
    FROM points
  )
SELECT account, score, hand_raiser,
  CASE WHEN score >= 76 THEN 'burning' WHEN score >= 51 THEN 'hot' WHEN score >= 26 THEN 'warm' ELSE 'cold' END AS tier
FROM scored
