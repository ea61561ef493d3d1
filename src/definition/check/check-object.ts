/**
 * Checks one map of the file against its field table: unknown keys (with "did you mean"), missing
 * required keys, and each value against its schema. Returns what parsed; what did not is reported
 * and left out, so callers build what they can and the run goes on.
 */
import type { z } from 'zod';
import { isJsonObject } from '../../lib/json.ts';
import { closest, didYouMean } from '../problems/suggest.ts';
import type { Field, Fields, Parsed } from '../schema/fields.ts';
import { describePath, describeValue } from '../source/describe-value.ts';
import type { Path } from '../source/yaml-source.ts';
import type { CheckContext } from './context.ts';

/** A map as it comes from YAML: any key, any value. */
export function asMap(value: unknown): Readonly<Record<string, unknown>> | null {
  return isJsonObject(value) ? value : null;
}

export function checkObject<F extends Fields>(
  ctx: CheckContext,
  path: Path,
  value: unknown,
  fields: F,
  what: string,
): Parsed<F> | null {
  const map = asMap(value);
  if (map === null) {
    ctx.report('bad-value-type', path, { message: `${what} expects a map, found ${describeValue(value)}` });
    return null;
  }
  checkKeys(ctx, path, map, fields, what);
  const parsed: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(fields)) {
    if (!(key in map)) continue;
    const result = checkValue(ctx, [...path, key], f, map[key]);
    if (result.ok) parsed[key] = result.value;
  }
  // Each value was parsed by the schema of its own key, which is what Parsed<F> states.
  return parsed as Parsed<F>;
}

export function checkKeys(
  ctx: CheckContext,
  path: Path,
  map: Readonly<Record<string, unknown>>,
  fields: Fields,
  what: string,
): void {
  const known = Object.keys(fields);
  for (const key of Object.keys(map)) {
    if (key in fields) continue;
    ctx.report('unknown-key', [...path, key], {
      anchor: 'key',
      message: `unknown key \`${key}\` in ${what}; expected one of: ${known.join(', ')}`,
      hint: didYouMean(key, known, `Remove \`${key}\` or correct its spelling.`),
    });
  }
  for (const [key, f] of Object.entries(fields)) {
    if (!f.required || key in map) continue;
    ctx.report('missing-key', path, {
      anchor: 'key',
      message: `${what} is missing \`${key}\` (${f.expected})`,
      hint: `Add \`${key}:\` with ${f.expected}.`,
    });
  }
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** One value against its field; the first issue is reported, at the element it is about. */
export function checkValue<S extends z.ZodType>(
  ctx: CheckContext,
  path: Path,
  f: Field<S>,
  value: unknown,
): Checked<z.output<S>> {
  const result = f.schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const inner = (issue?.path ?? []).filter((s): s is string | number => typeof s !== 'symbol');
  const key = path[path.length - 1];
  const name = typeof key === 'string' ? `\`${key}\`` : describePath(path);
  const found =
    inner.length === 0
      ? describeValue(value)
      : `${describeValue(at(value, inner))} at ${describeInner(inner)}`;
  const wrongType = issue?.code === 'invalid_type' || issue?.code === 'invalid_union';
  const code = f.code ?? (wrongType ? 'bad-value-type' : 'bad-value');
  const suggestion = f.suggest && typeof value === 'string' ? closest(value, f.suggest) : null;
  ctx.report(code, [...path, ...inner], {
    message: `${name} expects ${f.expected}, found ${found}`,
    ...(suggestion !== null ? { hint: `Did you mean \`${suggestion}\`?` } : f.hint ? { hint: f.hint } : {}),
  });
  return { ok: false };
}

function describeInner(inner: readonly (string | number)[]): string {
  const [first] = inner;
  return inner.length === 1 && typeof first === 'number' ? `item ${first + 1}` : describePath(inner);
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isJsonObject(current) && typeof segment === 'string') current = current[segment];
    else return undefined;
  }
  return current;
}
