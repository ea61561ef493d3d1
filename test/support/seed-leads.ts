/**
 * A workspace `w` with `count` open leads, for the lead queue's test, its contract suite and its
 * benchmark: lead i has score i % 100, its tier by score band, definitions `main`/`trial`
 * alternating, and an owner round-robin over three reps (every 7th unassigned). Portable SQL: the
 * same rows on every back end.
 */
import type { SqlClient } from '../../src/lib/sql-client.ts';

export async function seedLeads(db: SqlClient, count: number, now: number): Promise<void> {
  await db.run(
    `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type, entity_id,
       kind, as_of, created_at, score, tier, previous_tier, hand_raiser, receipt, status)
     SELECT 'q' || CAST(i AS TEXT), 'w', CASE WHEN i % 2 = 0 THEN 'main' ELSE 'trial' END, 'v1', false, 'account',
       'acc_' || lpad(CAST(i AS TEXT), 5, '0'), 'qualified', ${db.sql.at(1)} - i * INTERVAL '1 minute', ${db.sql.at(1)},
       i % 100, CASE WHEN i % 100 >= 76 THEN 'burning' WHEN i % 100 >= 51 THEN 'hot' ELSE 'warm' END, NULL, false,
       NULL, 'alerted'
     FROM generate_series(0, CAST($2 AS INTEGER) - 1) AS t(i)`,
    [now, count],
  );
  await db.run(
    `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, tier, score, rule, owner, owner_name, team,
       assigned_at, status, sla_due_at, opened_at, updated_at)
     SELECT workspace_id, entity_type, entity_id, id, tier, score, 'r',
       CASE WHEN n % 7 = 0 THEN NULL ELSE 'rep' || CAST(n % 3 AS TEXT) || '@x.example' END,
       NULL, NULL, NULL, 'open', ${db.sql.at(1)} + n * INTERVAL '1 second', as_of, as_of
     FROM (SELECT *, CAST(substr(id, 2) AS INTEGER) AS n FROM qualifications WHERE workspace_id = 'w') AS q`,
    [now],
  );
}
