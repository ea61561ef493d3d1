/**
 * A field table is the one description of a map in the file: which keys it takes, which are
 * required, the schema of each value, the words used in messages, and the code reported when a
 * value does not fit. The validator checks against it and the JSON Schema is generated from it,
 * so the two cannot drift apart.
 */
import { z } from 'zod';
import type { ProblemCode } from '../problems/catalogue.ts';

export interface Field<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  /** How the expected value reads in a message and in the JSON Schema description. */
  readonly expected: string;
  /** Reported when the value does not parse; `bad-value-type` when absent. */
  readonly code?: ProblemCode;
  readonly required?: boolean;
  /** The fix to suggest when the value does not fit; the catalogue's hint for the code otherwise. */
  readonly hint?: string;
  /** Allowed words to suggest from when a written string is close to one. */
  readonly suggest?: readonly string[];
  /** A richer schema for the JSON Schema, where the validator checks the inside by hand. */
  readonly documented?: z.ZodType;
}

export type Fields = Readonly<Record<string, Field>>;

export type Parsed<F extends Fields> = { -readonly [K in keyof F]?: z.output<F[K]['schema']> };

export function field<S extends z.ZodType>(
  schema: S,
  expected: string,
  options: Omit<Field<S>, 'schema' | 'expected'> = {},
): Field<S> {
  return { schema, expected, ...options };
}

/** The strict object schema of a field table, for the JSON Schema. */
export function fieldsSchema(fields: Fields): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, f] of Object.entries(fields)) {
    const described = (f.documented ?? f.schema).describe(f.expected);
    shape[key] = f.required ? described : described.optional();
  }
  return z.strictObject(shape);
}

export const scalar = z.union([z.string(), z.number(), z.boolean()]);
