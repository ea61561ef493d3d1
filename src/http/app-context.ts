/** What request handlers share: the store, key resolution, the clock, the logger and the live feed. */
import type { Logger } from '../lib/logger.ts';
import type { QualificationFeed } from '../realtime/qualification-feed.ts';
import type { EventStore } from '../store/store.ts';
import type { KeyStore } from '../workspace/keys.ts';
import type { BrowserAccess, KeyResolver } from './auth.ts';

export interface AppContext {
  readonly store: EventStore;
  readonly keys: KeyStore;
  readonly resolver: KeyResolver;
  readonly now: () => number;
  readonly log: Logger;
  /** Qualifications and lead changes as they are committed, for live views. */
  readonly feed: QualificationFeed;
  /** The dashboard's sign-in sessions and `--open` mode; absent: only keys are accepted. */
  readonly browser?: BrowserAccess;
}
