/**
 * Client libraries (HubSpot, jsforce, nodemailer) take no AbortSignal, so their calls are raced
 * against the per-request timeout and the caller's signal; `giveUp` tears down the library's socket.
 */
export type Settled<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' };

export interface DeadlineOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly giveUp?: () => void;
}

export function settleWithin<T>(run: () => Promise<T>, options: DeadlineOptions): Promise<Settled<T>> {
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
  return new Promise((resolve) => {
    let done = false;
    const finish = (settled: Settled<T>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (settled.kind === 'timeout' || settled.kind === 'aborted') options.giveUp?.();
      resolve(settled);
    };
    const onAbort = () => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    run().then(
      (value) => finish({ kind: 'value', value }),
      (error: unknown) => finish({ kind: 'error', error }),
    );
  });
}
