/** The shapes the admin API returns (see /api/openapi.json), as the dashboard reads them. */

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

export interface SignalSummary {
  readonly signal: string;
  readonly label: string | null;
  readonly points: number;
  readonly text: string;
}

export interface Lead {
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
  readonly name: string | null;
  readonly company: string | null;
  readonly email: string | null;
  readonly tier: string | null;
  readonly score: number;
  readonly handRaiser: boolean;
  readonly owner: string | null;
  readonly ownerName: string | null;
  readonly team: string | null;
  readonly rule: string | null;
  readonly status: string;
  readonly slaDueAt: string | null;
  readonly contactedAt: string | null;
  readonly breachedAt: string | null;
  readonly snoozedUntil: string | null;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly qualificationId: string;
  readonly definition: { readonly name: string; readonly version: string } | null;
  readonly trigger: { readonly event: string; readonly at: string | null } | null;
  readonly topSignals: readonly SignalSummary[];
}

export interface Facet {
  readonly value: string | null;
  readonly label: string | null;
  readonly count: number;
}

export interface LeadPage {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly leads: readonly Lead[];
  readonly facets: {
    readonly tiers: readonly Facet[];
    readonly owners: readonly Facet[];
    readonly statuses: readonly Facet[];
    readonly definitions: readonly Facet[];
  };
  readonly now: string;
}

export interface SignalReceipt {
  readonly name: string;
  readonly label: string | null;
  readonly holds: boolean;
  readonly points: number | null;
  readonly contributed: number;
  readonly progress: { readonly have: number; readonly need: number } | null;
}

export interface Receipt {
  readonly definition: string;
  readonly score: number;
  readonly tier: string | null;
  readonly handRaiser: boolean;
  readonly handRaisers: readonly string[];
  readonly gates: readonly {
    readonly name: string;
    readonly signal: string;
    readonly label: string | null;
    readonly held: boolean;
  }[];
  readonly failingGate: string | null;
  readonly signals: readonly SignalReceipt[];
  readonly pointsTotal: number;
  readonly multiplierPercent: number;
  readonly cap: number;
  readonly lastEventAt: number | null;
  readonly nextTier: {
    readonly name: string;
    readonly min: number;
    readonly scoreGap: number;
    readonly pointsNeeded: number | null;
    readonly blockedBy: readonly string[];
    readonly candidates: readonly { readonly signal: string; readonly points: number }[];
  } | null;
}

export interface LeadDetail {
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
  readonly name: string | null;
  readonly company: string | null;
  readonly email: string | null;
  readonly traits: Readonly<Record<string, unknown>>;
  readonly lead: Lead | null;
  readonly definition: { readonly name: string; readonly version: string } | null;
  readonly receipt: Receipt | null;
  readonly receiptText: string | null;
  readonly signalTexts: Readonly<Record<string, string>>;
  readonly qualifications: readonly {
    readonly id: string;
    readonly kind: string;
    readonly tier: string | null;
    readonly previousTier: string | null;
    readonly score: number;
    readonly asOf: string;
    readonly status: string;
    readonly reason: string | null;
    readonly rule: string | null;
    readonly owner: string | null;
    readonly slaDueAt: string | null;
    readonly trigger: string | null;
    readonly definition: string;
    readonly version: string;
    readonly shadow: boolean;
  }[];
  readonly deliveries: readonly Delivery[];
  readonly outcomes: readonly {
    readonly type: string;
    readonly amount: number | null;
    readonly owner: string | null;
    readonly at: string;
    readonly source: string;
  }[];
  readonly timeline: readonly {
    readonly at: string;
    readonly kind: 'event' | 'trait';
    readonly title: string;
    readonly who: string | null;
    readonly detail: string;
  }[];
  readonly eventCount: number;
  readonly now: string;
}

export interface Delivery {
  readonly id: string;
  readonly qualificationId: string;
  readonly destination: string;
  readonly status: string;
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly lastDetail: string | null;
  readonly createdAt: string | null;
  readonly deliveredAt: string | null;
  readonly nextAttemptAt: string | null;
  readonly entityType?: string;
  readonly entityId?: string;
  readonly name?: string | null;
  readonly company?: string | null;
  readonly tier?: string | null;
  readonly score?: number;
}

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
