/**
 * The real-time engine tests' small definition: a user is `hot` after three `Page Viewed` in seven
 * days (or as many as asked: each number is another version). And a logger that keeps what the engine says, for tests that assert on its errors and info.
 */
import { loadDefinition } from '../../src/definition/load-definition.ts';
import { definitionVersion } from '../../src/definition/output/version.ts';
import type { Logger } from '../../src/lib/logger.ts';
import type { LiveDefinition } from '../../src/realtime/live-definition.ts';
import { alertEverywhere } from '../../src/realtime/routing-port.ts';

/** The definition's text, `hot` after `atLeast` views in seven days. */
export const busyWeekYaml = (atLeast = 3): string => `kindling: 1
name: busy-week
entity: user
signals:
  busy:
    event: Page Viewed
    within: 7d
    at_least: ${atLeast}
points:
  busy: 40
tiers:
  cold: 0
  hot: 40
`;

/**
 * The definition (with `extraYaml` appended, such as its destinations) alerting `destinations`:
 * live, or `shadow`; `atLeast` views make it hot (3 unless given).
 */
export function busyWeek(
  destinations: readonly string[] = [],
  extraYaml = '',
  version: { readonly atLeast?: number; readonly shadow?: boolean } = {},
): LiveDefinition {
  const { ir } = loadDefinition(`${busyWeekYaml(version.atLeast)}${extraYaml}`, 'kindling.yml');
  if (ir === null) throw new Error('the test definition must load');
  return {
    ir,
    version: definitionVersion(ir),
    shadow: version.shadow ?? false,
    router: alertEverywhere(destinations),
  };
}

/** A logger that keeps the errors and info messages it is given (debug and warnings dropped). */
export function keptLog(): { log: Logger; errors: unknown[]; infos: string[] } {
  const errors: unknown[] = [];
  const infos: string[] = [];
  const log: Logger = {
    debug() {},
    info: (message: string) => void infos.push(message),
    warn() {},
    error: (...args: unknown[]) => void errors.push(args),
  };
  return { log, errors, infos };
}
