/**
 * The demo workspace's gentle live stream: every few seconds, a few members of demo accounts do
 * something in the product (mostly everyday use, now and then a pricing visit, a limit or a demo
 * request). Each message goes through the collector's normalisation and the store's ordinary
 * append, exactly like one sent to `/v1/batch`, so the real-time engine qualifies it live.
 */
import { randomUUID } from 'node:crypto';
import { normalizeMessage } from '../collect/normalize.ts';
import type { NormalizedMessage } from '../collect/normalized-message.ts';
import type { JsonObject } from '../lib/json.ts';
import type { Logger } from '../lib/logger.ts';
import type { EventStore } from '../store/store.ts';
import { EVENTS, FEATURES } from './event-catalog.ts';
import { Rng } from './prng.ts';

interface Member {
  readonly userId: string;
  readonly accountId: string;
}

interface Action {
  readonly weight: number;
  readonly message: (
    rng: Rng,
  ) => { type: 'track'; event: string; properties: JsonObject } | { type: 'page'; path: string };
}

/** Relative weights: everyday use dominates; buying signals are rare, hand-raises rarer still. */
const ACTIONS: readonly Action[] = [
  { weight: 30, message: () => ({ type: 'track', event: EVENTS.dashboardViewed, properties: {} }) },
  { weight: 20, message: () => ({ type: 'track', event: EVENTS.queryRun, properties: { rows: 1200 } }) },
  {
    weight: 18,
    message: (rng) => ({
      type: 'track',
      event: EVENTS.featureUsed,
      properties: { feature: rng.pick(FEATURES) },
    }),
  },
  {
    weight: 8,
    message: () => ({ type: 'track', event: EVENTS.reportExported, properties: { format: 'csv' } }),
  },
  { weight: 6, message: () => ({ type: 'page', path: '/pricing' }) },
  {
    weight: 4,
    message: () => ({ type: 'track', event: EVENTS.teammateInvited, properties: { role: 'editor' } }),
  },
  { weight: 2, message: () => ({ type: 'track', event: EVENTS.seatLimitReached, properties: { seats: 5 } }) },
  {
    weight: 1,
    message: () => ({ type: 'track', event: EVENTS.demoRequested, properties: { source: 'in-app' } }),
  },
];

export interface LiveStreamOptions {
  /** Appends through the ordinary path, and picks members through `store.database`. */
  readonly store: EventStore;
  readonly workspaceId: string;
  readonly log: Logger;
  readonly now: () => number;
  /** Default 4 s. */
  readonly intervalMs?: number;
  /** Messages per tick: 1 to this many; default 3. */
  readonly burst?: number;
}

export interface LiveStream {
  /** Messages appended so far. */
  readonly sent: () => number;
  stop(): Promise<void>;
}

/** Raw Segment messages for `count` members' next actions. */
export function liveMessages(members: readonly Member[], rng: Rng, at: number, count: number): JsonObject[] {
  const total = ACTIONS.reduce((sum, a) => sum + a.weight, 0);
  const out: JsonObject[] = [];
  for (let i = 0; i < count && members.length > 0; i++) {
    const member = rng.pick(members);
    let target = rng.next() * total;
    let action = ACTIONS[0];
    for (const candidate of ACTIONS) {
      target -= candidate.weight;
      action = candidate;
      if (target < 0) break;
    }
    if (action === undefined) break;
    const what = action.message(rng);
    const common = {
      messageId: `live-${randomUUID()}`,
      userId: member.userId,
      timestamp: new Date(at).toISOString(),
      context: { groupId: member.accountId },
    };
    out.push(
      what.type === 'track'
        ? { ...common, type: 'track', event: what.event, properties: what.properties }
        : {
            ...common,
            type: 'page',
            name: 'Pricing',
            properties: { path: what.path, url: `https://tinderbox.example${what.path}`, title: 'Pricing' },
          },
    );
  }
  return out;
}

export async function startLiveStream(options: LiveStreamOptions): Promise<LiveStream> {
  // Each member's first account (ties: the smallest id), the first 500 members by id.
  const rows = await options.store.database.client.query<{ user_key: string; group_id: string }>(
    `SELECT user_key, group_id FROM (
       SELECT user_key, group_id,
         row_number() OVER (PARTITION BY user_key ORDER BY ts, group_id) AS membership_rank
       FROM memberships WHERE workspace_id = $1) m
     WHERE membership_rank = 1 ORDER BY user_key LIMIT 500`,
    [options.workspaceId],
  );
  const members = rows.map((row) => ({ userId: row.user_key, accountId: row.group_id }));
  const rng = new Rng(options.now() & 0x7fffffff);
  let sent = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  const tick = () => {
    const at = options.now();
    const raw = liveMessages(members, rng, at, 1 + rng.int(options.burst ?? 3));
    const messages: NormalizedMessage[] = [];
    for (const message of raw) {
      const normalized = normalizeMessage(message, { receivedAt: at, endpointType: null, batchSentAt: null });
      if (normalized.ok) messages.push(normalized.value);
      else options.log.warn('demo live stream made an invalid message', { code: normalized.error.code });
    }
    inFlight = options.store
      .append(options.workspaceId, messages, [])
      .then((outcome) => {
        sent += outcome.stored;
      })
      .catch((error: unknown) =>
        options.log.warn('demo live stream append failed', { error: String(error) }),
      );
  };
  const timer = members.length === 0 ? null : setInterval(tick, options.intervalMs ?? 4000);
  timer?.unref();
  return {
    sent: () => sent,
    async stop() {
      if (timer !== null) clearInterval(timer);
      await inFlight;
    },
  };
}
