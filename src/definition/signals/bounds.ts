/**
 * `at_least` / `at_most` → Bounds. Counts (events, distinct values, how many of `of` hold) are
 * whole numbers, so a fractional or negative bound on them is a mistake; a sum may be any number.
 * Bounds that can never hold are errors rather than signals that silently never fire.
 */
import type { Bounds } from '../ir.ts';
import type { Path } from '../source/yaml-source.ts';
import type { SignalEnv } from './env.ts';

export interface WrittenBounds {
  readonly at_least?: number | undefined;
  readonly at_most?: number | undefined;
}

/** What is being bounded: a sum, a count, or how many of `items` signals hold. */
export type BoundedValue =
  | { readonly kind: 'sum' }
  | { readonly kind: 'count' }
  | { readonly kind: 'of'; readonly items: number };

export function buildBounds(env: SignalEnv, path: Path, written: WrittenBounds, value: BoundedValue): Bounds {
  const { at_least: atLeast, at_most: atMost } = written;
  if (atLeast === undefined && atMost === undefined) return { atLeast: 1, atMost: null };
  if (value.kind !== 'sum') {
    for (const [key, bound] of [
      ['at_least', atLeast],
      ['at_most', atMost],
    ] as const) {
      if (bound !== undefined && (!Number.isInteger(bound) || bound < 0)) {
        env.ctx.report('bad-bounds', [...path, key], {
          message: `\`${key}\` bounds a count and expects a whole number ≥ 0, found ${bound}`,
        });
      }
    }
  }
  if (atLeast !== undefined && atMost !== undefined && atLeast > atMost) {
    env.ctx.report('bad-bounds', [...path, 'at_most'], {
      message: `\`at_most: ${atMost}\` is below \`at_least: ${atLeast}\`, so the signal can never hold`,
      hint: 'Swap the two bounds or correct one of them.',
    });
  }
  if (value.kind === 'of' && atLeast !== undefined && atLeast > value.items) {
    env.ctx.report('bad-bounds', [...path, 'at_least'], {
      message: `\`at_least: ${atLeast}\` of ${value.items} listed signals can never hold`,
      hint: `Lower \`at_least\` to at most ${value.items} or list more signals under \`of\`.`,
    });
  }
  return { atLeast: atLeast ?? null, atMost: atMost ?? null };
}
