/**
 * A delivery failure notice: what a destination's `on_failure.alert` destination is told when
 * deliveries to it start failing (an incident), and once when they succeed again. Written for a
 * person on call, in plain words; the webhook form carries the same facts as data.
 */
export interface DeliveryNotice {
  /** `<incident id>:failing` or `<incident id>:recovered`: the idempotency key of the notice. */
  readonly id: string;
  readonly kind: 'failing' | 'recovered';
  /** The destination in trouble. */
  readonly destination: string;
  /** What opened the incident: a dead letter, or failures with no success for `after`. */
  readonly reason: 'dead-letter' | 'failing';
  /** ISO-8601: the first failure of the incident. */
  readonly since: string;
  /** ISO-8601: when it recovered (the first success after the incident opened); null while failing. */
  readonly recoveredAt: string | null;
  /** The last failed attempt's status and detail (already redacted), when known. */
  readonly lastStatus: number | null;
  readonly lastDetail: string | null;
  /** Dead letters and pending deliveries of the destination when the notice was written. */
  readonly deadLetters: number;
  readonly pending: number;
}

export const NOTICE_EVENT_TYPES = { failing: 'delivery.failing', recovered: 'delivery.recovered' } as const;

export function noticeSubject(notice: DeliveryNotice): string {
  return notice.kind === 'failing'
    ? `[Kindling] Deliveries to ${notice.destination} are failing`
    : `[Kindling] Deliveries to ${notice.destination} recovered`;
}

/** A few plain sentences; times in UTC, as a log would give them. */
export function noticeText(notice: DeliveryNotice): string {
  const since = utc(notice.since);
  const backlog = `${count(notice.deadLetters, 'dead letter', 'dead letters')} and ${count(notice.pending, 'delivery', 'deliveries')} pending.`;
  if (notice.kind === 'recovered') {
    const at = notice.recoveredAt === null ? 'now' : utc(notice.recoveredAt);
    const replay =
      notice.deadLetters > 0
        ? ' Replay the dead letters once their cause is fixed: `kindling deliveries --failed`, then `kindling deliveries replay <id>`.'
        : '';
    return `Deliveries to ${notice.destination} succeed again since ${at} (failing since ${since}). ${backlog}${replay}`;
  }
  const what =
    notice.reason === 'dead-letter'
      ? `A delivery to ${notice.destination} became a dead letter at ${since}: it will not be retried.`
      : `Deliveries to ${notice.destination} have been failing since ${since}, with no success since.`;
  const last =
    notice.lastDetail === null
      ? ''
      : ` Last answer: ${notice.lastStatus === null ? '' : `${notice.lastStatus} `}${notice.lastDetail}.`;
  return `${what}${last} ${backlog} See \`kindling deliveries --failed\` or the dashboard's destinations page. You will hear once more when it recovers.`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function utc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
