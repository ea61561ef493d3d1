/**
 * Sends what the outbox holds. Each pass claims the due deliveries for a lease (at most one per
 * entity and destination, so alerts about one entity arrive in order, however many nodes send),
 * asks the rate limiter, makes one attempt and records its outcome; a failed attempt is rescheduled
 * from the retry schedule (plain data) or, once it is spent, dead-lettered; a 429 defers the
 * delivery without spending an attempt. While a pass runs, its claims are renewed every third of
 * the lease, so a slow receiver never lets another node take a delivery this one is still sending;
 * what the pass did not finish is given back at its end. Between passes it sleeps on a timer until
 * the next delivery is due, at most `pollMs`, or until `wake()`; a poll that finds nothing due sleeps
 * again without claiming (one read instead of a write and a read, four times a second).
 *
 * A producer may also claim deliveries for this node in its own transaction (`claim()`, then
 * `enqueueClaimedDeliveries`) and hand them over once it commits (`sendClaimed`): they are sent the
 * same way, at once, with no claim statement between the commit and the send.
 */
import type { Destination } from '../deliver/destination.ts';
import { type DeliveryOutcome, retry } from '../deliver/outcome.ts';
import { createRateLimiter, type RateLimiter } from '../deliver/rate-limiter.ts';
import { DEFAULT_RETRY_SCHEDULE, nextStep, type RetrySchedule } from '../deliver/retry-schedule.ts';
import type { DeliveryClaim } from './enqueue-deliveries.ts';
import type { AttemptResult, DeliveryRecord, OutboxStore } from './outbox-store.ts';

export interface DeliveryWorkerOptions {
  readonly outbox: OutboxStore;
  /** By name, as `createDestinations` returns them. */
  readonly destinations: ReadonlyMap<string, Destination>;
  readonly schedule?: RetrySchedule;
  readonly limiter?: RateLimiter;
  readonly now?: () => number;
  /** [0, 1), for the schedule's jitter. */
  readonly rng?: () => number;
  /** Longest sleep between passes, so deliveries enqueued by another writer are noticed; default 1000. */
  readonly pollMs?: number;
  /**
   * How long a claim holds without renewal; default 60 000. A node that dies gives its deliveries
   * up to the others after this long.
   */
  readonly leaseMs?: number;
  /** Deliveries taken per pass; default 50. */
  readonly batchSize?: number;
  /** Attempts in flight at once (across entities); default 4. */
  readonly concurrency?: number;
  /** A bug (a destination or the store threw); the worker carries on. Default: console.error. */
  readonly onError?: (error: unknown) => void;
}

export interface DeliveryWorker {
  start(): void;
  /** Cancels attempts in flight (they stay pending, due as before) and waits for the loop to end. */
  stop(): Promise<void>;
  /** Look at the outbox now, e.g. just after an enqueue. */
  wake(): void;
  /**
   * Wakes the worker and resolves when its next pass has ended, or after `maxMs`, whichever is
   * first: a producer can let fresh deliveries go out before it loads the database again.
   */
  wakeAndWait(maxMs: number): Promise<void>;
  /**
   * The claim a producer writes on the deliveries it enqueues for this worker to send
   * (`enqueueClaimedDeliveries`), a lease from now; null while the worker is not running, when
   * they must be left to the queue.
   */
  claim(): DeliveryClaim | null;
  /**
   * Sends deliveries claimed with `claim()` once their transaction has committed; resolves when
   * their outcomes are recorded, or after `maxMs`, whichever is first. Stopped meanwhile, the
   * worker gives them back.
   */
  sendClaimed(claimed: readonly DeliveryRecord[], maxMs: number): Promise<void>;
  /** One pass; returns how many deliveries it took. For tests and one-shot tools (not while started). */
  runOnce(): Promise<number>;
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { outbox, destinations } = options;
  const schedule = options.schedule ?? DEFAULT_RETRY_SCHEDULE;
  const now = options.now ?? Date.now;
  const rng = options.rng ?? Math.random;
  const limiter = options.limiter ?? createRateLimiter(now);
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const onError = options.onError ?? ((error: unknown) => console.error('delivery worker:', error));

  let abort = new AbortController();
  let loop: Promise<void> | null = null;
  let stopping = false;
  let woken = false;
  let wakeSleeper: (() => void) | null = null;
  let passWaiters: (() => void)[] = [];
  /** Batches handed over by `sendClaimed` still being sent; `stop()` waits for them. */
  const handedOver = new Set<Promise<void>>();

  /** Resolves true when the claim is over (an outcome recorded, or the claim lost), false to give it back. */
  async function deliver(delivery: DeliveryRecord): Promise<boolean> {
    const destination = destinations.get(delivery.destination);
    if (destination === undefined) {
      const detail = `no destination named "${delivery.destination}" is configured`;
      await outbox.markDead(delivery.id, { status: null, detail });
      return true;
    }
    const { key, rule, cost } = destination.rateLimit;
    const wait = limiter.take(key, rule, cost);
    if (wait > 0) {
      await outbox.defer(delivery.id, now() + wait);
      return true;
    }
    const attempt = delivery.attempts + 1;
    const signal = abort.signal;
    const outcome = await sendOnce(destination, delivery, attempt, signal);
    // Cut short by stop(): not an attempt the receiver answered, so it is not counted.
    if (outcome.kind === 'retry' && signal.aborted) return false;
    // Recording fails when another node took the claim meanwhile: its outcome stands, ours is over.
    await record(delivery, attempt, outcome, destination.rateLimit.key);
    return true;
  }

  async function sendOnce(
    destination: Destination,
    delivery: DeliveryRecord,
    attempt: number,
    signal: AbortSignal,
  ): Promise<DeliveryOutcome> {
    try {
      return await destination.send(delivery.alert, {
        idempotencyKey: delivery.idempotencyKey,
        attempt,
        signal,
      });
    } catch (error) {
      // A destination that throws has a bug; its message may hold a secret, so it goes to the log only.
      onError(error);
      return retry(null, null, 'the destination failed unexpectedly; see the server log');
    }
  }

  function record(
    delivery: DeliveryRecord,
    attempt: number,
    outcome: DeliveryOutcome,
    bucket: string,
  ): Promise<boolean> {
    const { id } = delivery;
    if (outcome.kind === 'delivered') {
      const detail = outcome.response === undefined ? null : JSON.stringify(outcome.response);
      return outbox.markDelivered(id, { status: outcome.status, detail });
    }
    const result: AttemptResult = { status: outcome.status, detail: outcome.detail };
    if (outcome.kind === 'dead') return outbox.markDead(id, result);
    const step = nextStep(attempt, outcome, now() - delivery.createdAt, rng, schedule);
    switch (step.kind) {
      case 'stop':
        return outbox.markDead(id, result);
      case 'defer':
        // The receiver is busy for everyone: other deliveries to it wait as well, unspent.
        limiter.pause(bucket, now() + step.delayMs);
        return outbox.markRateLimited(id, now() + step.delayMs, result);
      case 'retry':
        return outbox.markRetry(id, now() + step.delayMs, result);
    }
  }

  async function runOnce(): Promise<number> {
    const batch = await outbox.claim(now(), batchSize, leaseMs);
    await deliverAll(batch);
    return batch.length;
  }

  /** Sends a batch this node holds the claims of, renewing them meanwhile; gives back what it did not finish. */
  async function deliverAll(batch: readonly DeliveryRecord[]): Promise<void> {
    if (batch.length === 0) return;
    const held = new Set(batch.map((delivery) => delivery.id));
    const renewal = setInterval(() => {
      renew(held).catch(onError);
    }, leaseMs / 3);
    let next = 0;
    const lane = async () => {
      for (let item = batch[next++]; item !== undefined; item = batch[next++]) {
        if (stopping) return;
        // Lost when a renewal came too late and another node took it: that node sends it now.
        if (!held.has(item.id)) continue;
        const over = await deliver(item).catch((error: unknown) => {
          onError(error);
          return false;
        });
        if (over) held.delete(item.id);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane));
    } finally {
      clearInterval(renewal);
      // Not sent (stopped, or the store failed): due again at once, here or on another node.
      await outbox.release([...held]);
    }
  }

  async function renew(held: Set<string>): Promise<void> {
    const ids = [...held];
    const kept = new Set(await outbox.renew(ids, now() + leaseMs));
    for (const id of ids) if (!kept.has(id)) held.delete(id);
  }

  async function sleepMs(): Promise<number> {
    const at = await outbox.nextDueAt();
    if (at === null) return pollMs;
    return Math.min(pollMs, Math.max(0, at - now()));
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeSleeper = null;
        resolve();
      }
      wakeSleeper = done;
    });
  }

  async function run(): Promise<void> {
    while (!stopping) {
      woken = false;
      let taken = 0;
      const waiters = passWaiters;
      passWaiters = [];
      try {
        taken = await runOnce();
        for (const done of waiters) done();
        // A full batch means more may be due already; otherwise sleep until the next is due. Woken
        // during the pass (a commit that its claim may not have seen), it claims again at once: the
        // look for the next due time would put one more statement before a fresh alert (issue 16).
        // A timer that ends with nothing due yet (a poll) looks again before it claims.
        if (taken < batchSize) {
          while (!stopping && !woken) {
            const ms = await sleepMs();
            if (ms === 0 || stopping || woken) break;
            await sleep(ms);
          }
        }
      } catch (error) {
        onError(error);
        if (!stopping) await sleep(pollMs);
      }
    }
  }

  return {
    start() {
      if (loop !== null) return;
      stopping = false;
      abort = new AbortController();
      loop = run();
    },
    async stop() {
      stopping = true;
      abort.abort();
      wakeSleeper?.();
      await loop;
      await Promise.all(handedOver);
      loop = null;
    },
    wake() {
      woken = true;
      wakeSleeper?.();
    },
    wakeAndWait(maxMs) {
      if (loop === null || stopping) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxMs);
        passWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        woken = true;
        wakeSleeper?.();
      });
    },
    claim() {
      if (loop === null || stopping) return null;
      return { node: outbox.node, until: now() + leaseMs };
    },
    sendClaimed(claimed, maxMs) {
      if (claimed.length === 0) return Promise.resolve();
      const sending = deliverAll(claimed).catch(onError);
      handedOver.add(sending);
      void sending.finally(() => handedOver.delete(sending));
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxMs);
        void sending.finally(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    runOnce,
  };
}
