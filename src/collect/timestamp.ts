/**
 * ISO-8601 parsing and Segment's clock-skew correction. Timestamps are kept to the millisecond.
 */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Epoch ms, or null when the text is not an ISO-8601 date or date-time. */
export function parseIsoTimestamp(text: string): number | null {
  const m = ISO_8601.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const millis = frac.padEnd(3, '0').slice(0, 3);
  // A time without an offset is read as UTC, never as the server's local time.
  let offset = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : zone;
  if (offset.length === 5) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}${offset}`);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls over impossible dates (Feb 30): check the calendar fields survived.
  const check = new Date(ms + offsetMinutes(offset) * 60_000);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() + 1 !== Number(mo)) return null;
  return ms;
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/**
 * Segment's correction: when the sender says when it sent the message (`sentAt`), its clock may be
 * off, so the event time is `receivedAt - (sentAt - timestamp)`.
 */
export function correctTimestamp(input: {
  readonly timestamp: number | null;
  readonly sentAt: number | null;
  readonly receivedAt: number;
}): number {
  if (input.timestamp === null) return input.receivedAt;
  if (input.sentAt === null) return input.timestamp;
  return input.receivedAt - (input.sentAt - input.timestamp);
}
