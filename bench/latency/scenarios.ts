/**
 * The traffic shapes bench:latency can run (BENCH_SHAPE): each is a definition, a background batch
 * that never qualifies, and the batch that makes one new entity qualify.
 *
 * - `accounts` (default): examples/team-plan-pql.yml; background users in 2,000 accounts that
 *   never pass the activation gate; a new account sends the events that make it "burning".
 * - `users`: plain Segment traffic, users with no `context.groupId` scored by a user-level
 *   definition; a new user views /pricing twice (issue 11: the shape that once failed every pass).
 */
import { readFileSync } from 'node:fs';
import { burningBatch } from '../../test/support/burning-account.ts';
import { PRICING_PQL_YAML, pageView } from '../../test/support/users-without-accounts.ts';

export interface Scenario {
  readonly name: string;
  /** The definition text, without destinations. */
  readonly definition: string;
  /** How a qualifying entity's id starts: the bench finds it in the alert's body. */
  readonly qualifyingPrefix: string;
  /** Events of background batch `n`; `size` events, never qualifying anyone. */
  background(n: number, size: number, nextId: () => string): Record<string, unknown>[];
  qualifying(entityId: string): { batch: Record<string, unknown>[] };
}

const BACKGROUND_USERS = 20_000;
const iso = (ms: number) => new Date(ms).toISOString();

const accounts: Scenario = {
  name: 'accounts',
  definition: readFileSync('examples/team-plan-pql.yml', 'utf8'),
  qualifyingPrefix: 'lat-acct-',
  background(n, size, nextId) {
    const now = Date.now();
    return Array.from({ length: size }, (_, i) => ({
      type: 'track',
      messageId: nextId(),
      userId: `bg-user-${(n * size + i) % BACKGROUND_USERS}`,
      event: i % 2 === 0 ? 'Feature Used' : 'Report Exported',
      timestamp: iso(now - (i % 60) * 1000),
      properties: { feature: `f${i % 7}`, rows: i },
      context: { groupId: `bg-acct-${(n * size + i) % 2_000}` },
    }));
  },
  qualifying: (account) => burningBatch(account),
};

const users: Scenario = {
  name: 'users',
  definition: PRICING_PQL_YAML,
  qualifyingPrefix: 'lat-user-',
  background(n, size, nextId) {
    const now = Date.now();
    return Array.from({ length: size }, (_, i) => ({
      type: i % 5 === 0 ? 'page' : 'track',
      messageId: nextId(),
      userId: `bg-user-${(n * size + i) % BACKGROUND_USERS}`,
      ...(i % 5 === 0
        ? { name: 'Docs', properties: { path: `/docs/${i % 11}` } }
        : { event: 'Feature Used', properties: { feature: `f${i % 7}` } }),
      timestamp: iso(now - (i % 60) * 1000),
    }));
  },
  qualifying: (user) => ({ batch: [pageView(user, 'a'), pageView(user, 'b')] }),
};

export const SCENARIOS: Readonly<Record<string, Scenario>> = { accounts, users };
