/** The CRM sync's schedule inside `serve` (src/crm/crm-schedule.ts), when `crm.every` is set. */
import { type CrmSchedule, startCrmSchedule } from '../crm/crm-schedule.ts';
import { SqlCrmState } from '../crm/sql-crm-state.ts';
import { crmIntervalMs } from '../definition/crm/crm-config.ts';
import type { Logger } from '../lib/logger.ts';
import type { EventStore } from '../store/store.ts';
import type { ServerDefinition } from './server-definition.ts';

export function startServerCrm(
  store: EventStore,
  definition: ServerDefinition | null,
  options: {
    readonly log: Logger;
    readonly now: () => number;
    /** Whether this node runs the schedule now (the leader, on PostgreSQL). */
    readonly runsHere: () => boolean;
  },
): CrmSchedule | null {
  const config = definition?.crm ?? null;
  const intervalMs = config === null ? null : crmIntervalMs(config);
  if (definition === null || config === null || intervalMs === null) return null;
  return startCrmSchedule({
    config,
    intervalMs,
    workspaceId: definition.workspace,
    state: new SqlCrmState(store.database.client),
    sink: store,
    deps: { env: process.env, now: options.now },
    log: options.log,
    runsHere: options.runsHere,
  });
}
