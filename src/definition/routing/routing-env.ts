/**
 * What the routing checks share: the signal environment (problems, the draft with its lists and
 * tiers) plus the names written in `routing:`, resolved once the whole section is read (teams may
 * be named before they are defined; destinations come from their own section).
 */
import type { SignalEnv } from '../signals/env.ts';
import type { Path } from '../source/yaml-source.ts';

export interface NameReference {
  readonly name: string;
  readonly path: Path;
}

export interface DestinationReference extends NameReference {
  /** Named under a `digest:` list: the destination must be able to send digests. */
  readonly digest: boolean;
}

export interface RoutingEnv extends SignalEnv {
  readonly teamRefs: NameReference[];
  readonly destinationRefs: DestinationReference[];
  /** Where a business SLA (`4 business hours`) is written: it needs `routing.calendar`. */
  readonly businessSlaRefs: Path[];
}
