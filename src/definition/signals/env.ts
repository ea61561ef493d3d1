import type { CheckContext } from '../check/context.ts';
import type { Draft, Reference } from '../sections/draft.ts';

/** What signal builders share: where problems go and what the file has defined so far. */
export interface SignalEnv {
  readonly ctx: CheckContext;
  readonly draft: Draft;
}

/** A built signal's direct references, with where each is written. */
export type References = Reference[];
