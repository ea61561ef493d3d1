/**
 * `routing:` who gets a qualified lead, how fast, and who is never alerted (docs/routing.md). It
 * builds a `RoutingConfig` beside the IR, never into it: routing changes keep the scoring version.
 * Checked after `tiers:` (conditions name tiers) and `destinations:` (rules name destinations).
 */
import { z } from 'zod';
import type { CheckContext } from '../check/context.ts';
import { buildRouting, reportUnused } from '../routing/check-routing.ts';
import { ROUTING_FIELDS } from '../routing/routing-fields.ts';
import { field, fieldsSchema } from '../schema/fields.ts';
import type { Draft } from './draft.ts';
import type { FileMap, Section } from './section.ts';

const fields = {
  routing: field(
    z.record(z.string(), z.unknown()),
    'routing: rules tried in order, teams, SLAs, suppression and cooldown',
    { documented: fieldsSchema(ROUTING_FIELDS) },
  ),
} as const;

function check(ctx: CheckContext, file: FileMap, draft: Draft): void {
  if (!('routing' in file)) {
    reportUnused(ctx, draft, new Set());
    return;
  }
  draft.routing = buildRouting(ctx, draft, file.routing);
}

export const routingSection: Section = { fields, check };
