/** The public surface of routing; see README.md. Everything here is pure except the DuckDB readers. */
export type {
  Condition,
  DigestSchedule,
  Escalation,
  Owner,
  OwnerSpec,
  Person,
  RoutingConfig,
  Rule,
  Sla,
  SuppressConfig,
  Team,
} from '../definition/routing/routing-config.ts';
export { pickMember, type Workload } from './assign-owner.ts';
export { holds, traitOf } from './conditions.ts';
export { nextDigestAt } from './digest.ts';
export { type EscalationDecision, escalate, type LeadForEscalation } from './escalate.ts';
export {
  ESCALATION_REASONS,
  type EscalationReason,
  ROUTING_REASONS,
  type RoutingReason,
} from './reason-codes.ts';
export { routeQualification, sendsTo } from './route-qualification.ts';
export { ALERTED_STATUS, loadRoutingState, OPEN_LEAD_STATUS } from './routing-state-sql.ts';
export type {
  Assignment,
  LastAlert,
  LeadFacts,
  RoutingDecision,
  RoutingState,
  RoutingStatus,
  SuppressionMatch,
} from './routing-types.ts';
export { dueAt, durationWords } from './sla.ts';
export { HttpSuppressionStore } from './suppressions/http-suppression-store.ts';
export { SqlSuppressionStore } from './suppressions/sql-suppression-store.ts';
export {
  normalizeSuppression,
  SUPPRESSION_KINDS,
  type SuppressionEntry,
  type SuppressionKind,
  type SuppressionRecord,
} from './suppressions/suppression-entry.ts';
export type { AddResult, SuppressionStore } from './suppressions/suppression-store.ts';
