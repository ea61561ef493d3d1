/** What the dashboard's routes use, built once by start-dashboard.ts. */
import type { LeadActions } from '../leads/lead-actions.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import type { EvaluationOptions } from '../model/dataset.ts';
import type { OutboxStore } from '../outbox/outbox-store.ts';
import type { EventStreams } from './event-stream.ts';
import type { DatasetReader } from './lead-detail.ts';
import type { StaticSite } from './static-site.ts';
import type { WorkspaceDefinition } from './workspace-definition.ts';

export interface DashboardServices {
  /** The dashboard's own database session, for its reads (either back end). */
  readonly db: SqlClient;
  /** The data a score depends on, read back from the store (lead page, score history). */
  readonly dataset: DatasetReader;
  readonly definitionFor: (workspaceId: string) => Promise<WorkspaceDefinition | null>;
  readonly evaluation: EvaluationOptions;
  readonly actions: LeadActions;
  readonly outbox: OutboxStore;
  readonly streams: EventStreams;
  readonly site: StaticSite;
}
