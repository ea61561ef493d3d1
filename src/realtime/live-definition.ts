/** A definition the engine scores a workspace with, and what it needs besides the IR. */

import type { DefinitionIR } from '../definition/ir.ts';
import type { DraftTemplates } from '../deliver/compose/draft-templates.ts';
import type { Escalator } from './escalate.ts';
import type { DigestClock } from './record-qualification.ts';
import type { QualificationRouter } from './routing-port.ts';

export interface LiveDefinition {
  readonly ir: DefinitionIR;
  /** `definitionVersion(ir)`. */
  readonly version: string;
  /** Shadow: scored and recorded beside the live one, never routed or alerted. */
  readonly shadow: boolean;
  /** Routes the live definition's qualifications (kindling.yml `routing:`); unused for a shadow. */
  readonly router: QualificationRouter;
  /** Who hears about a lead whose SLA passed untouched; absent: the breach is only recorded. */
  readonly escalate?: Escalator;
  /** When a destination's next daily digest goes out (routing's digest schedules). */
  readonly digestAt?: DigestClock;
  /** Outreach draft templates by signal, overriding the defaults. */
  readonly templates?: DraftTemplates;
}

/** Which definitions score a workspace now; re-read at every pass, so activation takes effect at once. */
export type DefinitionSource = (workspaceId: string) => readonly LiveDefinition[];
