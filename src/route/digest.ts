/**
 * When a destination's next digest goes out: the next `at` in its time zone after a time, on one of
 * its weekdays (`on: [mon]` makes it weekly; no `on` is every day).
 */
import type { RoutingConfig } from '../definition/routing/routing-config.ts';
import { localParts, nextLocalTime } from './zoned-time.ts';

/** Null when the destination takes no digest. */
export function nextDigestAt(config: RoutingConfig, destination: string, after: number): number | null {
  const schedule = config.digests[destination];
  if (schedule === undefined) return null;
  let at = nextLocalTime(after, schedule.at, schedule.timezone);
  // Eight tries reach every weekday once, whatever daylight saving does to one of them.
  for (let tries = 0; tries < 8; tries++) {
    if (schedule.days === null || schedule.days.some((d) => d === weekdayOf(at, schedule.timezone)))
      return at;
    at = nextLocalTime(at, schedule.at, schedule.timezone);
  }
  throw new Error(`digest ${destination} has no weekday to go out on`);
}

function weekdayOf(at: number, timeZone: string): number {
  const local = localParts(at, timeZone);
  return new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
}
