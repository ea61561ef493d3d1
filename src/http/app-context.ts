/** What request handlers share: the store, key resolution, the clock and the logger. */
import type { Logger } from '../lib/logger.ts';
import type { EventStore } from '../store/store.ts';
import type { KeyStore } from '../workspace/keys.ts';
import type { KeyResolver } from './auth.ts';

export interface AppContext {
  readonly store: EventStore;
  readonly keys: KeyStore;
  readonly resolver: KeyResolver;
  readonly now: () => number;
  readonly log: Logger;
}
