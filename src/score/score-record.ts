/** The JSON shape of one score, shared by `kindling score --format json` and `GET /api/scores`. */
import type { EntityScore } from './entity-score.ts';

export function scoreRecord(s: EntityScore, version: string) {
  return {
    entity_type: s.entityType,
    entity_id: s.entityId,
    as_of: new Date(s.asOf).toISOString(),
    score: s.score,
    tier: s.tier,
    hand_raiser: s.handRaiser,
    gates: s.gates,
    signals: s.signals,
    points_total: s.pointsTotal,
    multiplier_percent: s.multiplierPercent,
    last_event_at: s.lastEventAt === null ? null : new Date(s.lastEventAt).toISOString(),
    definition_version: version,
  };
}
