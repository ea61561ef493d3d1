/**
 * Replays history into the store as the live engine would have recorded it: the engine on a clock
 * that steps through the period, sweeping every entity at each step. Used to give the demo
 * workspace its past qualifications, leads and alerts; a real workspace gets them live.
 */
import type { DefinitionIR } from '../definition/ir.ts';
import { definitionVersion } from '../definition/output/version.ts';
import type { Logger } from '../lib/logger.ts';
import { QualificationFeed } from './qualification-feed.ts';
import { type EngineStore, RealtimeEngine } from './realtime-engine.ts';
import { alertEverywhere, type QualificationRouter } from './routing-port.ts';

export interface ReplayOptions {
  /** Epoch ms: first and last as-of time. */
  readonly from: number;
  readonly to: number;
  readonly stepMs: number;
  /** Default: no destinations, every qualification recorded without an alert. */
  readonly router?: QualificationRouter;
  readonly domainAccounts?: boolean;
  readonly log?: Logger;
  /** Called after each step with the as-of time reached (for a progress line). */
  readonly onStep?: (asOf: number) => void;
}

export interface ReplaySummary {
  readonly steps: number;
  readonly qualifications: number;
  readonly downgrades: number;
}

export async function replayIntoStore(
  store: EngineStore,
  workspaceId: string,
  ir: DefinitionIR,
  options: ReplayOptions,
): Promise<ReplaySummary> {
  if (!(options.stepMs > 0) || options.to < options.from) {
    throw new RangeError('replay needs from ≤ to and a positive step');
  }
  let clock = options.from;
  const live = {
    ir,
    version: definitionVersion(ir),
    shadow: false,
    router: options.router ?? alertEverywhere([]),
  };
  const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
  const engine = await RealtimeEngine.create({
    store,
    definitions: (ws) => (ws === workspaceId ? [live] : []),
    evaluation: { domainAccounts: options.domainAccounts ?? false },
    feed: new QualificationFeed(),
    log: options.log ?? silent,
    now: () => clock,
    noBaseline: true,
    workspaceIds: [workspaceId],
    // Backtests and the demo's history score every step with the compiled SQL, as batch scoring does.
    scoring: 'sql',
  });
  let steps = 0;
  try {
    for (; clock <= options.to; clock += options.stepMs) {
      await engine.sweepNow();
      steps++;
      options.onStep?.(clock);
    }
  } finally {
    await engine.stop();
  }
  return { steps, qualifications: engine.stats.qualifications, downgrades: engine.stats.downgrades };
}
