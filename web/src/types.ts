/**
 * The shapes the admin API returns (see /api/openapi.json), as the dashboard reads them. The lead
 * queue's and lead page's come from the server's own module (type-only: nothing of it is bundled).
 */
import type {
  DeliveryItem,
  LeadItem,
  LeadDetail as ServerLeadDetail,
  LeadPage as ServerLeadPage,
} from '../../src/dashboard/lead-types.ts';

export type { Facet, SignalSummary } from '../../src/dashboard/lead-types.ts';
export type { Receipt } from '../../src/score/explain/receipt.ts';
export type Lead = LeadItem;
/** The routes add the server's clock, so "due in 3 h" is computed against it. */
export type LeadPage = ServerLeadPage & { readonly now: string };
export type LeadDetail = ServerLeadDetail & { readonly now: string };

export interface WorkspaceSummary {
  readonly id: string;
  readonly name: string;
  readonly demo: boolean;
}

export interface SessionInfo {
  readonly mode: 'open' | 'session' | 'key' | 'signed-out';
  readonly open: boolean;
  readonly workspace: string | null;
  readonly workspaces: readonly WorkspaceSummary[];
  readonly demo: {
    readonly state: 'off' | 'preparing' | 'ready' | 'failed';
    readonly workspaceId: string;
    readonly detail: string | null;
  };
  readonly now: string;
}

/**
 * An alert's delivery: on the lead page as the server's `DeliveryItem`; in the destinations page's
 * failure list with when it was made possibly unknown and the lead it was for.
 */
export type Delivery = Omit<DeliveryItem, 'createdAt'> & {
  readonly createdAt: string | null;
  readonly entityType?: string;
  readonly entityId?: string;
  readonly name?: string | null;
  readonly company?: string | null;
  readonly tier?: string | null;
  readonly score?: number;
};

export interface History {
  readonly definition: { readonly name: string; readonly version: string };
  readonly tiers: readonly { readonly name: string; readonly min: number }[];
  readonly points: readonly {
    readonly asOf: string;
    readonly score: number | null;
    readonly tier: string | null;
  }[];
}

export interface DefinitionView {
  readonly name: string;
  readonly version: string;
  readonly entity: string;
  readonly description: string | null;
  readonly origin: 'activated' | 'server' | 'demo';
  readonly file: string | null;
  readonly activatedAt: string | null;
  readonly source: string | null;
  readonly problems: readonly {
    readonly severity: string;
    readonly code: string;
    readonly message: string;
    readonly hint: string;
    readonly line: number;
    readonly col: number;
  }[];
  readonly tiers: readonly { readonly name: string; readonly min: number }[];
  readonly gates: readonly { readonly name: string; readonly signal: string }[];
  readonly signals: readonly {
    readonly name: string;
    readonly label: string | null;
    readonly points: number | null;
    readonly handRaiser: boolean;
  }[];
  readonly cap: number;
  readonly weekly: readonly { readonly week: string; readonly tier: string | null; readonly count: number }[];
}

export interface DestinationHealth {
  readonly destination: string;
  readonly delivered: number;
  readonly pending: number;
  readonly dead: number;
  readonly lastSuccessAt: string | null;
  readonly lastFailure: {
    readonly at: string | null;
    readonly status: number | null;
    readonly detail: string;
  } | null;
}
