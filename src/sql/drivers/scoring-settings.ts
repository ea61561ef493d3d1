/**
 * Runs a scoring query under its dialect's `scoringSettings` (Postgres: see docs/sql.md). The caller
 * gives a `run` whose statements share one transaction; the settings are made transaction-local
 * (`set_config(…, true)`, i.e. `SET LOCAL`) and put back to their previous values after the query,
 * so they never outlive it, even when the transaction is the caller's and goes on after scoring
 * (the real-time pass). If the query fails, the transaction is aborted and its rollback restores them.
 */
import type { Dialect, EngineSetting } from '../dialect.ts';
import type { ResultRow } from '../map-score-rows.ts';

type Run = (sql: string) => Promise<readonly ResultRow[]>;

export async function queryUnderScoringSettings(
  dialect: Dialect,
  run: Run,
  sql: string,
): Promise<readonly ResultRow[]> {
  const settings = dialect.scoringSettings;
  if (settings.length === 0) return run(sql);
  const [previous] = await run(
    `SELECT ${settings.map((s, i) => `current_setting(${dialect.string(s.name)}) AS s${i}`).join(', ')}`,
  );
  const before = settings.map((s, i) => {
    const value = previous?.[`s${i}`];
    if (typeof value !== 'string') throw new Error(`bug: no current value for setting ${s.name}`);
    return { name: s.name, value };
  });
  const assign = (values: readonly EngineSetting[]) =>
    run(
      `SELECT ${values
        .map((s) => `set_config(${dialect.string(s.name)}, ${dialect.string(s.value)}, true)`)
        .join(', ')}`,
    );
  await assign(settings);
  const rows = await run(sql);
  await assign(before);
  return rows;
}
