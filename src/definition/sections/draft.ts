/**
 * What the sections build while the file is checked. Sections fill it in file-independent order
 * (lists before signals, signals before gates); the resolver and the assembler read it at the end.
 * A new top-level section (routing, destinations, …) adds its own slot here and its own module.
 */

import type { DestinationConfig } from '../../deliver/destinations/config-schema.ts';
import type { EntityType } from '../../model/dataset.ts';
import type { CrmConfig } from '../crm/crm-config.ts';
import type { Gate, PointsEntry, RecencyRow, Scalar, Signal, Tier } from '../ir.ts';
import type { RoutingConfig, Weekday } from '../routing/routing-config.ts';
import type { Path } from '../source/yaml-source.ts';

export interface Reference {
  readonly name: string;
  readonly path: Path;
  /** A reference to a hoisted inline signal, made by the validator, not written in the file. */
  readonly hoisted?: boolean;
}

export interface SignalDraft {
  /** Null when the signal was too broken to build (its problems are already reported). */
  readonly signal: Signal | null;
  readonly inline: boolean;
  readonly path: Path;
  /** The signals this one reads, in item order, with where each reference is written. */
  readonly refs: readonly Reference[];
}

/** A reference from outside `signals:` (gates, points, hand_raisers), resolved once all are known. */
export interface OuterReference extends Reference {
  readonly code: 'undefined-signal' | 'points-unknown-signal';
}

/** One entry of `destinations:`, kept even when broken so references to it are not reported twice. */
export interface DestinationDraft {
  /** Null when the entry did not validate (its problems are already reported). */
  readonly config: DestinationConfig | null;
  readonly kind: string | null;
  /** `digest:` on the destination; a null field takes the routing default. */
  readonly digest: {
    readonly at: number | null;
    readonly timezone: string | null;
    /** `on: [mon]`: the weekdays it goes out (a weekly digest); null = every day. */
    readonly days: readonly Weekday[] | null;
  } | null;
}

export interface Draft {
  kindling: 1;
  name: string;
  entity: EntityType;
  description: string | null;
  readonly lists: Map<string, readonly Scalar[]>;
  readonly signals: Map<string, SignalDraft>;
  /** Event names written in the file, for the `unknown-event` warning. */
  readonly events: Reference[];
  readonly gates: Gate[];
  readonly points: PointsEntry[];
  cap: number;
  readonly recency: RecencyRow[];
  readonly handRaisers: string[];
  readonly tiers: Tier[];
  readonly references: OuterReference[];
  /** Null when the file has no `destinations:`. */
  destinations: Map<string, DestinationDraft> | null;
  /** Null when the file has no `routing:` or it is broken. */
  routing: RoutingConfig | null;
  /** Null when the file has no `crm:` or it is broken. */
  crm: CrmConfig | null;
}

export function emptyDraft(): Draft {
  return {
    kindling: 1,
    name: '',
    entity: 'user',
    description: null,
    lists: new Map(),
    signals: new Map(),
    events: [],
    gates: [],
    points: [],
    cap: 100,
    recency: [],
    handRaisers: [],
    tiers: [],
    references: [],
    destinations: null,
    routing: null,
    crm: null,
  };
}
