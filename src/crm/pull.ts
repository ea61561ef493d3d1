/**
 * `kindling crm pull`: deals (HubSpot) or opportunities (Salesforce) back into Kindling as outcomes.
 * Pages of deals modified since the cursor are read oldest first; each deal's stage becomes an
 * outcome through the stage map (a won or lost deal also implies the opportunity before it); each
 * is matched to the entities it belongs to (its companies and contacts, by the record ids earlier
 * pushes learned, else by domain and e-mail). An outcome's source names the deal
 * (`hubspot:deal:123`), and one whose source and type are already stored is not added again, so a
 * re-pull (or a pull after a crash) adds nothing twice. The cursor moves after each page is stored.
 */
import type { CrmOutcome, HubspotSyncConfig, SalesforceSyncConfig } from '../definition/crm/crm-config.ts';
import type { OutcomeRow, OutcomeType } from '../store/store.ts';
import type { CrmAdapter, CrmDeal } from './crm-adapter.ts';
import { type CrmState, outcomeKey, type ScoredEntity } from './crm-state.ts';
import { entityDomain, entityEmail, entityKey } from './match-keys.ts';
import { matchTraits, traitKeys } from './push.ts';

/** Where pulled outcomes are written: `EventStore.appendOutcomes`. */
export interface OutcomeSink {
  appendOutcomes(workspaceId: string, rows: readonly OutcomeRow[]): Promise<number>;
}

export interface PullOptions {
  readonly workspaceId: string;
  readonly now: () => number;
  /** Stop after this many pages (a run picks up from the cursor next time). */
  readonly maxPages?: number;
}

export interface PullReport {
  readonly crm: string;
  readonly deals: number;
  readonly added: number;
  /** Outcomes already stored by an earlier pull. */
  readonly alreadyStored: number;
  /** Deals in a stage mapped to `ignore`. */
  readonly ignored: number;
  readonly unmatched: readonly { readonly id: string; readonly stage: string; readonly tried: string }[];
  readonly cursor: number | null;
}

/** HubSpot's default pipeline; a configured `stages` map is read before it. */
const DEFAULT_STAGES: Readonly<Record<string, CrmOutcome>> = {
  appointmentscheduled: 'contacted',
  closedwon: 'won',
  closedlost: 'lost',
  'Closed Won': 'won',
  'Closed Lost': 'lost',
};

const OBJECT = 'deals';
const DEFAULT_MAX_PAGES = 100;

export function dealOutcome(deal: CrmDeal, config: HubspotSyncConfig | SalesforceSyncConfig): CrmOutcome {
  const mapped = config.stages?.[deal.stage] ?? DEFAULT_STAGES[deal.stage];
  if (mapped !== undefined) return mapped;
  if (deal.closed === true) return deal.won === true ? 'won' : 'lost';
  return config.other_stages;
}

export async function pullFromCrm(
  state: CrmState,
  adapter: CrmAdapter,
  config: HubspotSyncConfig | SalesforceSyncConfig,
  sink: OutcomeSink,
  options: PullOptions,
): Promise<PullReport> {
  const { workspaceId } = options;
  const matcher = await entityMatcher(state, adapter, config, workspaceId);
  const report = {
    crm: adapter.name,
    deals: 0,
    added: 0,
    alreadyStored: 0,
    ignored: 0,
    unmatched: [] as { id: string; stage: string; tried: string }[],
    cursor: await state.cursor(workspaceId, adapter.name, OBJECT),
  };
  const since = report.cursor;
  let page: string | null = null;
  for (let pages = 0; pages < (options.maxPages ?? DEFAULT_MAX_PAGES); pages += 1) {
    const { deals, next } = await adapter.deals(since, page);
    report.deals += deals.length;
    const rows: OutcomeRow[] = [];
    for (const deal of deals) {
      const outcome = dealOutcome(deal, config);
      if (outcome === 'ignore') {
        report.ignored += 1;
        continue;
      }
      const entities = matcher(deal);
      if (entities.length === 0) {
        report.unmatched.push({ id: deal.id, stage: deal.stage, tried: tried(deal) });
        continue;
      }
      for (const entity of entities) rows.push(...outcomeRows(adapter.name, deal, outcome, entity));
    }
    const existing = await state.existingOutcomes(workspaceId, rows);
    const fresh = rows.filter((r) => !existing.has(outcomeKey(r.source, r.type)));
    report.alreadyStored += rows.length - fresh.length;
    if (fresh.length > 0) report.added += await sink.appendOutcomes(workspaceId, fresh);
    const last = Math.max(...deals.map((d) => d.modifiedAt));
    if (deals.length > 0 && (report.cursor === null || last > report.cursor)) {
      report.cursor = last;
      await state.setCursor(workspaceId, adapter.name, OBJECT, last, options.now());
    }
    if (next === null) break;
    page = next;
  }
  return report;
}

/** The outcome rows of one deal for one entity: won and lost imply the opportunity before them. */
function outcomeRows(
  crm: string,
  deal: CrmDeal,
  outcome: Exclude<CrmOutcome, 'ignore'>,
  entity: { readonly entityType: 'user' | 'account'; readonly entityId: string },
): OutcomeRow[] {
  const source = `${crm}:deal:${deal.id}`;
  const opened = deal.createdAt ?? deal.modifiedAt;
  const row = (type: OutcomeType, at: number, amount: number | null): OutcomeRow => ({
    entityType: entity.entityType,
    entityId: entity.entityId,
    type,
    amount,
    owner: null,
    timestamp: at,
    source,
  });
  if (outcome === 'contacted') return [row('contacted', deal.modifiedAt, null)];
  if (outcome === 'opportunity') return [row('opportunity', opened, deal.amount)];
  const closedAt = deal.closeDate ?? deal.modifiedAt;
  return [row('opportunity', Math.min(opened, closedAt), deal.amount), row(outcome, closedAt, deal.amount)];
}

type Matcher = (deal: CrmDeal) => { entityType: 'user' | 'account'; entityId: string }[];

/** Record ids learned by pushes first, then domains and e-mails of the scored entities. */
async function entityMatcher(
  state: CrmState,
  adapter: CrmAdapter,
  config: HubspotSyncConfig | SalesforceSyncConfig,
  workspaceId: string,
): Promise<Matcher> {
  const traits = matchTraits(config);
  const version = await state.currentVersion(workspaceId);
  const entities: ScoredEntity[] =
    version === null ? [] : await state.scoredEntities(workspaceId, version, traitKeys(traits));
  const byDomain = new Map<string, ScoredEntity>();
  const byEmail = new Map<string, ScoredEntity>();
  for (const e of entities) {
    const domain = entityDomain(e, traits);
    const email = entityEmail(e, traits);
    if (domain !== null && !byDomain.has(domain)) byDomain.set(domain, e);
    if (email !== null && !byEmail.has(email)) byEmail.set(email, e);
  }
  const companies = new Map(
    (await state.pushed(workspaceId, adapter.name, 'company')).map((r) => [r.recordId, r] as const),
  );
  const contacts = new Map(
    (await state.pushed(workspaceId, adapter.name, 'contact')).map((r) => [r.recordId, r] as const),
  );
  return (deal) => {
    const found = new Map<string, { entityType: 'user' | 'account'; entityId: string }>();
    const add = (e: { entityType: 'user' | 'account'; entityId: string } | undefined) => {
      if (e !== undefined)
        found.set(entityKey(e.entityType, e.entityId), { entityType: e.entityType, entityId: e.entityId });
    };
    // One account and one user per deal: the deal's amount is counted once per entity type.
    const account =
      deal.companyIds.map((id) => companies.get(id)).find((e) => e !== undefined) ??
      deal.domains.map((d) => byDomain.get(d)).find((e) => e !== undefined);
    const user =
      deal.contactIds.map((id) => contacts.get(id)).find((e) => e !== undefined) ??
      deal.emails.map((m) => byEmail.get(m)).find((e) => e !== undefined);
    add(account);
    add(user);
    return [...found.values()];
  };
}

function tried(deal: CrmDeal): string {
  const parts = [
    deal.companyIds.length > 0 ? `companies ${deal.companyIds.join(', ')}` : null,
    deal.domains.length > 0 ? `domains ${deal.domains.join(', ')}` : null,
    deal.contactIds.length > 0 ? `contacts ${deal.contactIds.join(', ')}` : null,
    deal.emails.length > 0 ? `e-mails ${deal.emails.join(', ')}` : null,
  ].filter((p) => p !== null);
  return parts.length === 0 ? 'no associated company or contact' : parts.join('; ');
}
