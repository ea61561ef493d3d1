/**
 * `Date#toISOString` is the single most expensive step of rendering a message, and a person's
 * messages arrive in time order, mostly on the same day: so the date part is cached and only the
 * time of day is formatted by hand.
 */
const DAY_MS = 86_400_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

let cachedDay = Number.NaN;
let cachedPrefix = '';

/** Same text as `new Date(ms).toISOString()` for years 0000–9999; `ms` is truncated to an integer. */
export function isoTime(ms: number): string {
  const t = Math.trunc(ms);
  const day = Math.floor(t / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = t - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${cachedPrefix}${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}.${THREE[millis]}Z`;
}
