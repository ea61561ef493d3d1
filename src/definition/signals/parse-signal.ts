/**
 * One signal object → IR signal(s). Inline signal objects inside `all`/`any`/`not`/`of` are
 * hoisted: each becomes a signal of its own, named after its parent and 1-based position
 * (`activated.1`, `gate.fit.2`), marked `inline`, and referenced by that name. Names written in
 * the file cannot contain `.`, so a hoisted name never collides with one.
 */
import { asMap, checkObject } from '../check/check-object.ts';
import type { Signal } from '../ir.ts';
import { SIGNAL_FORMS, type SignalForm } from '../schema/signal-forms.ts';
import { describeValue } from '../source/describe-value.ts';
import type { Path } from '../source/yaml-source.ts';
import { buildBounds } from './bounds.ts';
import type { References, SignalEnv } from './env.ts';
import { chooseForm, withoutMisplacedComparisons } from './form-choice.ts';
import { buildAggregate, buildSeen, buildTrait } from './leaf-forms.ts';

type SignalMap = Readonly<Record<string, unknown>>;

/** Checks the signal at `path` and records it (and its hoisted inline signals) in the draft. */
export function parseSignal(env: SignalEnv, name: string, path: Path, value: unknown, inline: boolean): void {
  const refs: References = [];
  const map = asMap(value);
  let signal: Signal | null = null;
  if (map === null) {
    env.ctx.report('bad-value-type', path, {
      message: `signal \`${name}\` expects a map such as \`{ event: Signed Up }\`, found ${describeValue(value)}`,
      hint: 'Write the signal as a map of its keys; to reuse another signal, reference it from `all`, `any`, `not` or `of`.',
    });
  } else {
    const form = chooseForm(env, name, path, map);
    if (form !== null) {
      signal = buildForm(
        env,
        { name, path, inline, refs },
        form,
        withoutMisplacedComparisons(env, path, map, form),
      );
    }
  }
  env.draft.signals.set(name, { signal, inline, path, refs });
}

interface Site {
  readonly name: string;
  readonly path: Path;
  readonly inline: boolean;
  readonly refs: References;
}

function buildForm(env: SignalEnv, site: Site, form: SignalForm, map: SignalMap): Signal {
  const { name, path, inline } = site;
  const what = `signal \`${name}\``;
  switch (form) {
    case 'aggregate':
      return buildAggregate(env, name, path, map, inline);
    case 'trait':
      return buildTrait(env, name, path, map, inline);
    case 'last_seen':
    case 'first_seen':
      return buildSeen(env, form, name, path, map, inline);
    case 'all': {
      const p = checkObject(env.ctx, path, map, SIGNAL_FORMS.all, what) ?? {};
      return {
        kind: 'all',
        name,
        label: p.label ?? null,
        inline,
        items: buildItems(env, site, 'all', p.all ?? []),
      };
    }
    case 'any': {
      const p = checkObject(env.ctx, path, map, SIGNAL_FORMS.any, what) ?? {};
      return {
        kind: 'any',
        name,
        label: p.label ?? null,
        inline,
        items: buildItems(env, site, 'any', p.any ?? []),
      };
    }
    case 'not': {
      const p = checkObject(env.ctx, path, map, SIGNAL_FORMS.not, what) ?? {};
      const [item] = p.not === undefined ? [] : buildItems(env, site, 'not', [p.not], false);
      return { kind: 'not', name, label: p.label ?? null, inline, item: item ?? '' };
    }
    case 'count_of': {
      const p = checkObject(env.ctx, path, map, SIGNAL_FORMS.count_of, what) ?? {};
      const items = buildItems(env, site, 'of', p.of ?? []);
      // Without a usable `of` list, "more than the listed signals" would only echo that problem.
      const counted =
        p.of === undefined ? { kind: 'count' as const } : { kind: 'of' as const, items: items.length };
      const bounds = buildBounds(env, path, p, counted);
      return { kind: 'count_of', name, label: p.label ?? null, inline, items, bounds };
    }
  }
}

/** Item names in order; inline objects are parsed and hoisted first. */
function buildItems(
  env: SignalEnv,
  site: Site,
  key: string,
  items: readonly (string | Readonly<Record<string, unknown>>)[],
  indexed = true,
): string[] {
  return items.map((item, index) => {
    const path = indexed ? [...site.path, key, index] : [...site.path, key];
    if (typeof item === 'string') {
      site.refs.push({ name: item, path });
      return item;
    }
    const child = `${site.name}.${index + 1}`;
    parseSignal(env, child, path, item, true);
    site.refs.push({ name: child, path, hoisted: true });
    return child;
  });
}
