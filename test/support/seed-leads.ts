/**
 * A workspace `w` with `count` open leads, for the lead queue's test and its benchmark: lead i has
 * score i % 100, its tier by score band, definitions `main`/`trial` alternating, and an owner
 * round-robin over three reps (every 7th unassigned).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export async function seedLeads(conn: DuckDBConnection, count: number, now: number): Promise<void> {
  await conn.run(
    `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type, entity_id,
       kind, as_of, created_at, score, tier, previous_tier, hand_raiser, receipt, status)
     SELECT 'q' || i, 'w', CASE WHEN i % 2 = 0 THEN 'main' ELSE 'trial' END, 'v1', false, 'account', 'acc_' || lpad(i::VARCHAR, 5, '0'),
       'qualified', make_timestamp(($1 - i * 60000)::BIGINT * 1000), make_timestamp($1::BIGINT * 1000), i % 100,
       CASE WHEN i % 100 >= 76 THEN 'burning' WHEN i % 100 >= 51 THEN 'hot' ELSE 'warm' END, NULL, false, NULL, 'alerted'
     FROM range(${count}) t(i)`,
    [now],
  );
  await conn.run(
    `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, tier, score, rule, owner, owner_name, team,
       assigned_at, status, sla_due_at, opened_at, updated_at)
     SELECT workspace_id, entity_type, entity_id, id, tier, score, 'r',
       CASE WHEN substr(id, 2)::INT % 7 = 0 THEN NULL ELSE 'rep' || (substr(id, 2)::INT % 3) || '@x.example' END,
       NULL, NULL, NULL, 'open', make_timestamp(($1 + substr(id, 2)::INT * 1000)::BIGINT * 1000), as_of, as_of
     FROM qualifications`,
    [now],
  );
}
