/**
 * Wall-clock times in an IANA time zone, with Intl only (no library): the instant of a local time
 * of day, and the next such instant after a given one. Used by `same_day` SLAs and digests.
 */

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(ms: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Local time minus UTC at this instant, in ms (Europe/Paris in summer: +2 h). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const p = localParts(whole, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
}

/**
 * The instant at `minutes` after local midnight on that local date. A time skipped by a daylight
 * saving change (02:30 when clocks jump from 02:00 to 03:00) lands an hour later; a time that
 * happens twice (clocks going back) is one of its two instants.
 */
export function zonedInstant(
  date: { year: number; month: number; day: number },
  minutes: number,
  timeZone: string,
): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/** The first instant strictly after `after` whose local time of day is `minutes` after midnight. */
export function nextLocalTime(after: number, minutes: number, timeZone: string): number {
  const today = localParts(after, timeZone);
  for (let add = 0; add <= 2; add++) {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day + add));
    const at = zonedInstant(
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
      minutes,
      timeZone,
    );
    if (at > after) return at;
  }
  throw new Error(`no local ${minutes} min after midnight in ${timeZone} within two days of ${after}`);
}

/** `18:00` from 1080. */
export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
