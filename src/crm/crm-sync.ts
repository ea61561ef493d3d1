/**
 * Push and pull for every CRM configured under `crm:`: opens each adapter (secrets from the
 * environment, the network guard), runs it, closes it, and records the run (`crm_runs`) for the
 * dashboard and `kindling crm status`. A CRM that fails as a whole (bad token, unreachable) is
 * recorded as failed; the other CRM still runs.
 */

import type { CrmConfig, CrmName } from '../definition/crm/crm-config.ts';
import type { Resolve } from '../deliver/network-guard.ts';
import { urlProblem } from '../deliver/network-guard.ts';
import type { CrmAdapter } from './crm-adapter.ts';
import type { CrmState, SyncRun } from './crm-state.ts';
import { hubspotAdapter } from './hubspot/hubspot-adapter.ts';
import { connectHubspot } from './hubspot/hubspot-client.ts';
import { type OutcomeSink, type PullReport, pullFromCrm } from './pull.ts';
import { type PushReport, pushToCrm } from './push.ts';
import { connectSalesforce, salesforceAdapter } from './salesforce/salesforce-adapter.ts';

export interface CrmSyncDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly resolve?: Resolve;
  /** How the pacer waits (tests record the Retry-After waits). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export interface SyncOptions {
  readonly workspaceId: string;
  /** Only this CRM (default: every one configured). */
  readonly only?: CrmName;
}

export type CrmResult<R> =
  | {
      readonly crm: CrmName;
      readonly ok: true;
      readonly report: R;
      readonly requests: number;
      readonly throttled: number;
    }
  | { readonly crm: CrmName; readonly ok: false; readonly error: string };

const MAX_DETAIL = 5;

export function configuredCrms(config: CrmConfig, only?: CrmName): CrmName[] {
  const names: CrmName[] = [];
  if (config.hubspot !== undefined) names.push('hubspot');
  if (config.salesforce !== undefined) names.push('salesforce');
  return only === undefined ? names : names.filter((n) => n === only);
}

/** The adapter of one CRM, or why it cannot be opened (a missing secret, a private URL). */
export function openAdapter(name: CrmName, config: CrmConfig, deps: CrmSyncDeps): CrmAdapter | string {
  if (name === 'hubspot') {
    const c = config.hubspot;
    if (c === undefined) return 'crm.hubspot is not configured';
    const token = deps.env[c.token_env]?.trim();
    if (token === undefined || token === '') return `environment variable ${c.token_env} is not set`;
    const refused = c.allow_private_network ? null : urlProblem(c.base_path);
    if (refused !== null) return `crm.hubspot.base_path ${refused}`;
    return hubspotAdapter(connectHubspot(c, token, deps), c);
  }
  const c = config.salesforce;
  if (c === undefined) return 'crm.salesforce is not configured';
  const token = deps.env[c.access_token_env]?.trim();
  if (token === undefined || token === '') return `environment variable ${c.access_token_env} is not set`;
  const refused = c.allow_private_network ? null : urlProblem(c.instance_url);
  if (refused !== null) return `crm.salesforce.instance_url ${refused}`;
  return salesforceAdapter(connectSalesforce(c, token, deps), c);
}

export async function runPush(
  state: CrmState,
  config: CrmConfig,
  deps: CrmSyncDeps,
  options: SyncOptions & { readonly dryRun: boolean },
): Promise<CrmResult<PushReport>[]> {
  return eachCrm(
    state,
    config,
    deps,
    options,
    'push',
    (adapter, now) => {
      const c = adapter.name === 'hubspot' ? config.hubspot : config.salesforce;
      if (c === undefined) throw new Error(`crm.${adapter.name} is not configured`);
      return pushToCrm(state, adapter, c, { workspaceId: options.workspaceId, dryRun: options.dryRun, now });
    },
    (report) => ({
      written: report.written,
      unchanged: report.unchanged,
      unmatched: report.unmatched.length,
      failed: report.failed.length,
      detail:
        report.failed.length === 0
          ? null
          : report.failed
              .slice(0, MAX_DETAIL)
              .map((f) => `${f.key}: ${f.reason}`)
              .join('\n'),
    }),
    options.dryRun,
  );
}

export async function runPull(
  state: CrmState,
  sink: OutcomeSink,
  config: CrmConfig,
  deps: CrmSyncDeps,
  options: SyncOptions,
): Promise<CrmResult<PullReport>[]> {
  return eachCrm(
    state,
    config,
    deps,
    options,
    'pull',
    (adapter, now) => {
      const c = adapter.name === 'hubspot' ? config.hubspot : config.salesforce;
      if (c === undefined) throw new Error(`crm.${adapter.name} is not configured`);
      return pullFromCrm(state, adapter, c, sink, { workspaceId: options.workspaceId, now });
    },
    (report) => ({
      written: report.added,
      unchanged: report.alreadyStored,
      unmatched: report.unmatched.length,
      failed: 0,
      detail: null,
    }),
    false,
  );
}

async function eachCrm<R>(
  state: CrmState,
  config: CrmConfig,
  deps: CrmSyncDeps,
  options: SyncOptions,
  direction: SyncRun['direction'],
  run: (adapter: CrmAdapter, now: () => number) => Promise<R>,
  counts: (report: R) => Omit<SyncRun, 'crm' | 'direction' | 'startedAt' | 'finishedAt'>,
  dryRun: boolean,
): Promise<CrmResult<R>[]> {
  const now = deps.now ?? Date.now;
  const results: CrmResult<R>[] = [];
  for (const crm of configuredCrms(config, options.only)) {
    const startedAt = now();
    const adapter = openAdapter(crm, config, deps);
    let result: CrmResult<R>;
    if (typeof adapter === 'string') {
      result = { crm, ok: false, error: adapter };
    } else {
      try {
        const report = await run(adapter, now);
        result = { crm, ok: true, report, ...adapter.stats() };
      } catch (error) {
        result = { crm, ok: false, error: error instanceof Error ? error.message : String(error) };
      } finally {
        adapter.close();
      }
    }
    results.push(result);
    if (dryRun) continue;
    const figures = result.ok
      ? counts(result.report)
      : { written: 0, unchanged: 0, unmatched: 0, failed: 1, detail: result.error };
    await state.recordRun(options.workspaceId, { crm, direction, startedAt, finishedAt: now(), ...figures });
  }
  return results;
}
