/**
 * `kindling crm push`: Kindling's state onto CRM records. Every entity the current definition
 * version scored gets its values (record-values.ts); those whose hash equals the one last pushed are
 * skipped; the rest go in batches through the CRM's adapter. After each batch the CRM accepted,
 * what it wrote is recorded in one transaction: a crash (or a failed batch) leaves the finished
 * batches recorded, and the next push sends only what is still different. A dry run reads (to say
 * which record would change) and writes nothing, in the CRM or in Kindling.
 */
import type { HubspotSyncConfig, SalesforceSyncConfig } from '../definition/crm/crm-config.ts';
import type { BatchOutcome, CrmAdapter, PushTarget } from './crm-adapter.ts';
import type { CrmObject, CrmState, ScoredEntity } from './crm-state.ts';
import { entityDomain, entityEmail, entityKey, entityRecordId, type MatchTraits } from './match-keys.ts';
import { describeValues, recordValues, valuesHash } from './record-values.ts';

export interface PushOptions {
  readonly workspaceId: string;
  readonly dryRun: boolean;
  readonly now: () => number;
}

export interface PushReport {
  readonly crm: string;
  /** The definition version whose scores were pushed; null when nothing is scored yet. */
  readonly version: string | null;
  /** Entities whose values changed since the last push (what this run tried to write). */
  readonly changed: number;
  readonly unchanged: number;
  readonly written: number;
  readonly created: number;
  readonly unmatched: readonly string[];
  readonly failed: readonly { readonly key: string; readonly reason: string }[];
  /** Properties / fields created (or, in a dry run, that would be). */
  readonly schema: readonly string[];
  /** A dry run's changes, one line each. */
  readonly planned: readonly string[];
}

const OBJECTS: readonly { object: CrmObject; type: 'user' | 'account' }[] = [
  { object: 'contact', type: 'user' },
  { object: 'company', type: 'account' },
];

export function matchTraits(config: HubspotSyncConfig | SalesforceSyncConfig): MatchTraits {
  return { idTrait: config.id_trait, emailTrait: config.email_trait, domainTrait: config.domain_trait };
}

export function traitKeys(traits: MatchTraits): string[] {
  return [traits.emailTrait, traits.domainTrait, ...(traits.idTrait === undefined ? [] : [traits.idTrait])];
}

export async function pushToCrm(
  state: CrmState,
  adapter: CrmAdapter,
  config: HubspotSyncConfig | SalesforceSyncConfig,
  options: PushOptions,
): Promise<PushReport> {
  const { workspaceId } = options;
  const traits = matchTraits(config);
  const version = await state.currentVersion(workspaceId);
  const entities =
    version === null ? [] : await state.scoredEntities(workspaceId, version, traitKeys(traits));
  const report = {
    crm: adapter.name,
    version,
    changed: 0,
    unchanged: 0,
    written: 0,
    created: 0,
    unmatched: [] as string[],
    failed: [] as { key: string; reason: string }[],
    schema: [] as string[],
    planned: [] as string[],
  };
  let schemaChecked = false;
  for (const { object, type } of OBJECTS) {
    const last = new Map(
      (await state.pushed(workspaceId, adapter.name, object)).map((r) => [
        entityKey(r.entityType, r.entityId),
        r,
      ]),
    );
    const targets: Target[] = [];
    for (const entity of entities.filter((e) => e.entityType === type)) {
      const target = pushTarget(entity, traits, last.get(entityKey(entity.entityType, entity.entityId)));
      if (target === null) report.unchanged += 1;
      else targets.push(target);
    }
    report.changed += targets.length;
    if (targets.length === 0) continue;
    if (!schemaChecked) {
      schemaChecked = true;
      report.schema.push(...(await ensureSchema(adapter, config, options.dryRun)));
    }
    for (let start = 0; start < targets.length; start += adapter.batchSize) {
      const batch = targets.slice(start, start + adapter.batchSize);
      if (options.dryRun) {
        for (const change of await adapter.plan(object, batch, config.create_missing)) {
          const target = batch.find((t) => t.key === change.key);
          const values = target === undefined ? '' : describeValues(target.values);
          report.planned.push(
            change.recordId === null
              ? `skip ${change.key}: no ${object} matches (create_missing is off)`
              : change.recordId === 'new'
                ? `create ${object} for ${change.key}: ${values}`
                : `update ${object} ${change.recordId} for ${change.key}: ${values}`,
          );
        }
        continue;
      }
      const outcome = await withStaleIdsRematched(
        await pushBatch(adapter, object, batch, config.create_missing),
        batch,
        (stale) => pushBatch(adapter, object, stale, config.create_missing),
      );
      const hashes = new Map(batch.map((t) => [t.key, t.hash]));
      await state.recordPushed(
        workspaceId,
        adapter.name,
        object,
        outcome.written.map((w) => {
          const [entityType, ...rest] = w.key.split(':');
          return {
            entityType: entityType === 'account' ? 'account' : 'user',
            entityId: rest.join(':'),
            recordId: w.recordId,
            valuesHash: hashes.get(w.key) ?? '',
          };
        }),
        options.now(),
      );
      report.written += outcome.written.length;
      report.created += outcome.written.filter((w) => w.created).length;
      report.unmatched.push(...outcome.unmatched);
      report.failed.push(...outcome.failed);
    }
  }
  return report;
}

function pushTarget(
  entity: ScoredEntity,
  traits: MatchTraits,
  last: { recordId: string; valuesHash: string } | undefined,
): Target | null {
  const values = recordValues(entity);
  const hash = valuesHash(values);
  if (last !== undefined && last.valuesHash === hash) return null;
  const fromTrait = entityRecordId(entity, traits);
  return {
    key: entityKey(entity.entityType, entity.entityId),
    email: entityEmail(entity, traits),
    domain: entityDomain(entity, traits),
    knownId: fromTrait ?? last?.recordId ?? null,
    remembered: fromTrait === null && last !== undefined,
    values,
    hash,
  };
}

type Target = PushTarget & { readonly hash: string; readonly remembered: boolean };

/** The CRM's words for "that record id does not exist" (deleted or merged since the last push). */
const GONE = /OBJECT_NOT_FOUND|ENTITY_IS_DELETED|NOT_FOUND|INVALID_CROSS_REFERENCE_KEY/;

/**
 * A record remembered from an earlier push that the CRM no longer has (deleted, merged) is matched
 * again by e-mail or domain, once, in the same run, instead of failing on every push.
 */
async function withStaleIdsRematched(
  outcome: BatchOutcome,
  batch: readonly Target[],
  retry: (targets: readonly PushTarget[]) => Promise<BatchOutcome>,
): Promise<BatchOutcome> {
  const gone = new Set(outcome.failed.filter((f) => GONE.test(f.reason)).map((f) => f.key));
  const stale = batch.filter((t) => t.remembered && gone.has(t.key));
  if (stale.length === 0) return outcome;
  const again = await retry(stale.map((t) => ({ ...t, knownId: null })));
  const retried = new Set(stale.map((t) => t.key));
  return {
    written: [...outcome.written, ...again.written],
    unmatched: [...outcome.unmatched, ...again.unmatched],
    failed: [...outcome.failed.filter((f) => !retried.has(f.key)), ...again.failed],
  };
}

async function ensureSchema(
  adapter: CrmAdapter,
  config: HubspotSyncConfig | SalesforceSyncConfig,
  dryRun: boolean,
): Promise<string[]> {
  const create = 'create_properties' in config ? config.create_properties : config.create_fields;
  return create ? adapter.ensureSchema(dryRun) : [];
}

/** A batch the CRM refused as a whole fails each of its records (they are tried again next push). */
async function pushBatch(
  adapter: CrmAdapter,
  object: CrmObject,
  batch: readonly PushTarget[],
  createMissing: boolean,
): Promise<BatchOutcome> {
  try {
    return await adapter.push(object, batch, createMissing);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { written: [], unmatched: [], failed: batch.map((t) => ({ key: t.key, reason })) };
  }
}
