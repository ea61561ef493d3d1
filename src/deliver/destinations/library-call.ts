/**
 * A call through a CRM client library, bounded by the per-request timeout and the caller's signal,
 * with its failure turned into an outcome. `failure` reads the library's error shape; anything it
 * does not recognise is a network-level problem and so worth retrying.
 */
import { settleWithin } from '../deadline.ts';
import { type DeliveryOutcome, retry } from '../outcome.ts';
import { describeError } from '../redact.ts';

export type Step<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly outcome: DeliveryOutcome };

export interface CallOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Tears down the library's sockets when the deadline passes. */
  readonly giveUp: () => void;
  /** The outcome for an error the library raised, or null for "not an answer from the server". */
  readonly failure: (error: unknown) => DeliveryOutcome | null;
}

export function callStep<T>(run: () => Promise<T>, options: CallOptions): Promise<Step<T>> {
  return settleWithin(run, {
    timeoutMs: options.timeoutMs,
    giveUp: options.giveUp,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  }).then((settled): Step<T> => {
    switch (settled.kind) {
      case 'value':
        return { ok: true, value: settled.value };
      case 'timeout':
        return { ok: false, outcome: retry(null, null, `timed out after ${options.timeoutMs} ms`) };
      case 'aborted':
        return { ok: false, outcome: retry(null, null, 'cancelled before a response arrived') };
      case 'error':
        return {
          ok: false,
          outcome:
            options.failure(settled.error) ??
            retry(null, null, `network error: ${describeError(settled.error)}`),
        };
    }
  });
}
