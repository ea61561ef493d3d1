/**
 * The sync inside `kindling serve`: every `crm.every`, push then pull for each configured CRM,
 * recorded in `crm_runs` like a CLI run. Runs never overlap in this process; the next one is timed
 * from the end of the last, so a slow CRM delays the schedule rather than piling runs up. With
 * several nodes on PostgreSQL, `runsHere` says whether this node leads: the others skip their turns.
 * The client libraries are loaded at the first run, so a server without `crm:` never loads them.
 */
import type { CrmConfig } from '../definition/crm/crm-config.ts';
import type { Logger } from '../lib/logger.ts';
import type { CrmState } from './crm-state.ts';
import type { CrmSyncDeps } from './crm-sync.ts';
import type { OutcomeSink } from './pull.ts';

export interface CrmScheduleOptions {
  readonly config: CrmConfig;
  readonly intervalMs: number;
  readonly workspaceId: string;
  readonly state: CrmState;
  readonly sink: OutcomeSink;
  readonly deps: CrmSyncDeps;
  readonly log: Logger;
  /** Wait one interval before the first run (default: run at once). */
  readonly delayFirst?: boolean;
  /** Whether scheduled runs happen in this process now (the leader of several nodes); default yes. */
  readonly runsHere?: () => boolean;
}

export interface CrmSchedule {
  /** Runs one push and pull now (after the one in flight, if any). */
  runNow(): Promise<void>;
  /** Stops the timer and waits for the run in flight. */
  stop(): Promise<void>;
}

export function startCrmSchedule(options: CrmScheduleOptions): CrmSchedule {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const once = async () => {
    const { runPush, runPull } = await import('./crm-sync.ts');
    const sync = { workspaceId: options.workspaceId };
    for (const result of await runPush(options.state, options.config, options.deps, {
      ...sync,
      dryRun: false,
    })) {
      if (!result.ok) options.log.warn('crm push failed', { crm: result.crm, error: result.error });
      else
        options.log.info('crm push', {
          crm: result.crm,
          written: result.report.written,
          unchanged: result.report.unchanged,
          failed: result.report.failed.length,
        });
    }
    for (const result of await runPull(options.state, options.sink, options.config, options.deps, sync)) {
      if (!result.ok) options.log.warn('crm pull failed', { crm: result.crm, error: result.error });
      else
        options.log.info('crm pull', {
          crm: result.crm,
          added: result.report.added,
          deals: result.report.deals,
        });
    }
  };

  const runNow = (): Promise<void> => {
    running = running.then(once).catch((error: unknown) => {
      options.log.error('crm sync failed', { error: error instanceof Error ? error.message : String(error) });
    });
    return running;
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      if (options.runsHere?.() === false) schedule(options.intervalMs);
      else void runNow().then(() => schedule(options.intervalMs));
    }, ms);
    timer.unref();
  };
  schedule(options.delayFirst === true ? options.intervalMs : 0);

  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      await running;
    },
  };
}
