/**
 * The real-time engine tests' small definition: a user is `hot` after three `Page Viewed` in seven
 * days. And a logger that keeps what the engine says, for tests that assert on its errors and info.
 */
import { loadDefinition } from '../../src/definition/load-definition.ts';
import { definitionVersion } from '../../src/definition/output/version.ts';
import type { Logger } from '../../src/lib/logger.ts';
import type { LiveDefinition } from '../../src/realtime/live-definition.ts';
import { alertEverywhere } from '../../src/realtime/routing-port.ts';

export const BUSY_WEEK = `kindling: 1
name: busy-week
entity: user
signals:
  busy:
    event: Page Viewed
    within: 7d
    at_least: 3
points:
  busy: 40
tiers:
  cold: 0
  hot: 40
`;

/** BUSY_WEEK (with `extraYaml` appended, such as its destinations), live, alerting `destinations`. */
export function busyWeek(destinations: readonly string[] = [], extraYaml = ''): LiveDefinition {
  const { ir } = loadDefinition(`${BUSY_WEEK}${extraYaml}`, 'kindling.yml');
  if (ir === null) throw new Error('the test definition must load');
  return { ir, version: definitionVersion(ir), shadow: false, router: alertEverywhere(destinations) };
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
