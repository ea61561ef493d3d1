import { afterEach, expect, it } from 'vitest';
import { openDuckDbTestDatabase, type TestDatabase } from '../../test/support/backends.ts';
import { until } from '../../test/support/until.ts';
import { crmConfigSchema } from '../definition/crm/crm-config.ts';
import { createLogger } from '../lib/logger.ts';
import { startCrmSchedule } from './crm-schedule.ts';
import { SqlCrmState } from './sql-crm-state.ts';

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.close();
});

it('skips its turns while another node leads, and runs once this one does', async () => {
  db = await openDuckDbTestDatabase();
  const state = new SqlCrmState(db.database.client);
  let leads = false;
  let turns = 0;
  const schedule = startCrmSchedule({
    // No token in the environment: each run fails at once, and is recorded.
    config: crmConfigSchema.parse({ every: '1m', hubspot: { token_env: 'KINDLING_TEST_NO_TOKEN' } }),
    intervalMs: 5,
    workspaceId: 'ws',
    state,
    sink: { appendOutcomes: async () => 0 },
    deps: { env: {}, now: Date.now },
    log: createLogger('silent'),
    runsHere: () => {
      turns++;
      return leads;
    },
  });
  try {
    await until(() => turns >= 3, 'three turns of the schedule');
    expect(await state.lastRuns('ws')).toEqual([]);
    leads = true;
    await until(async () => (await state.lastRuns('ws')).length > 0, 'a run once this node leads');
  } finally {
    await schedule.stop();
  }
});
