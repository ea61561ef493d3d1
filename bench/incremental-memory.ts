/**
 * Memory of the incremental evaluator's state (issue 16): feeds synthetic product usage (users in
 * accounts, 90 days, the event names of examples/kindling.yml) in time order, moving the horizon a
 * day at a time and compacting, then prints one JSON line: heap per account and per user, and the
 * entries held. Run: node --expose-gc --import tsx bench/incremental-memory.ts
 * (BENCH_USERS, BENCH_EVENTS_PER_USER_DAY to resize).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadDefinition } from '../src/definition/load-definition.ts';
import type { StoredEvent } from '../src/model/dataset.ts';
import { IncrementalScorer } from '../src/score/incremental/index.ts';

const env = z
  .object({
    BENCH_USERS: z.coerce.number().int().positive().default(20_000),
    BENCH_EVENTS_PER_USER_DAY: z.coerce.number().positive().default(1.2),
  })
  .parse(process.env);
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const DAYS = 90;
const ACCOUNTS = Math.ceil(env.BENCH_USERS / 10);

const file = new URL('../examples/kindling.yml', import.meta.url);
const ir = loadDefinition(readFileSync(file, 'utf8'), 'examples/kindling.yml').ir;
if (ir === null) throw new Error('examples/kindling.yml does not load');

let seed = 42;
/** xorshift32: deterministic and fast enough for millions of draws. */
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4_294_967_296;
};
const NAMES = [
  'Feature Used',
  'Feature Used',
  'Feature Used',
  '$page',
  'Login',
  'Dashboard Viewed',
  'Data Source Connected',
];
const FEATURES = ['sql_editor', 'charts', 'ai_summary', 'alerts', 'embedding', 'exports'];
const PATHS = ['/pricing', '/docs', '/home'];

function heap(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

const before = heap();
const scorer = new IncrementalScorer(ir, { domainAccounts: false });
for (let user = 0; user < env.BENCH_USERS; user++) {
  scorer.add({
    kind: 'membership',
    membership: { userKey: `user-${user}`, groupId: `account-${user % ACCOUNTS}`, timestamp: START },
  });
}
let events = 0;
for (let day = 0; day < DAYS; day++) {
  const perDay = Math.round(env.BENCH_USERS * env.BENCH_EVENTS_PER_USER_DAY);
  for (let i = 0; i < perDay; i++) {
    const name = NAMES[Math.floor(random() * NAMES.length)] ?? 'Login';
    const event: StoredEvent = {
      messageId: `m${events}`,
      type: name === '$page' ? 'page' : 'track',
      event: name,
      userId: `user-${Math.floor(random() * env.BENCH_USERS)}`,
      anonymousId: null,
      groupId: null,
      timestamp: START + day * DAY + Math.floor(random() * DAY),
      properties:
        name === 'Feature Used'
          ? { feature: FEATURES[Math.floor(random() * FEATURES.length)] ?? 'charts' }
          : name === '$page'
            ? { path: PATHS[Math.floor(random() * PATHS.length)] ?? '/home' }
            : {},
    };
    scorer.add({ kind: 'event', event });
    events += 1;
  }
  scorer.advance(START + (day + 1) * DAY);
  scorer.compact();
}
const after = heap();
const started = performance.now();
const scores = scorer.scoreAll(START + DAYS * DAY);
const scoreAllMs = performance.now() - started;
const state = scorer.size();
console.log(
  JSON.stringify({
    users: env.BENCH_USERS,
    accounts: ACCOUNTS,
    events,
    state,
    heapBytes: after - before,
    bytesPerUser: Math.round((after - before) / env.BENCH_USERS),
    bytesPerAccount: Math.round((after - before) / ACCOUNTS),
    scoreAllMs: Math.round(scoreAllMs),
    scored: scores.length,
  }),
);
