/** What the dashboard's routes use, built once by start-dashboard.ts. */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LeadActions } from '../leads/lead-actions.ts';
import type { EvaluationOptions } from '../model/dataset.ts';
import type { OutboxStore } from '../outbox/outbox-store.ts';
import type { EventStreams } from './event-stream.ts';
import type { StaticSite } from './static-site.ts';
import type { WorkspaceDefinition } from './workspace-definition.ts';

export interface DashboardServices {
  /** The dashboard's own connection, for its reads and the lead actions' writes. */
  readonly conn: DuckDBConnection;
  readonly definitionFor: (workspaceId: string) => Promise<WorkspaceDefinition | null>;
  readonly evaluation: EvaluationOptions;
  readonly actions: LeadActions;
  readonly outbox: OutboxStore;
  readonly streams: EventStreams;
  readonly site: StaticSite;
}
