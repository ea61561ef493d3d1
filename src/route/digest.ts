/** When a destination's next daily digest goes out: the next `at` in its time zone after a time. */
import type { RoutingConfig } from '../definition/routing/routing-config.ts';
import { nextLocalTime } from './zoned-time.ts';

/** Null when the destination takes no digest. */
export function nextDigestAt(config: RoutingConfig, destination: string, after: number): number | null {
  const schedule = config.digests[destination];
  return schedule === undefined ? null : nextLocalTime(after, schedule.at, schedule.timezone);
}
