/**
 * The JSON Schema of a definition file, generated from the same field tables the validator checks
 * against (committed by write-generated-files.ts). Editors use it for completion and early
 * squiggles; `kindling validate` stays the authority (references, cycles and order are beyond it).
 */
import { z } from 'zod';
import { TOP_LEVEL_FIELDS } from '../sections/index.ts';
import { fieldsSchema } from './fields.ts';

export const JSON_SCHEMA_PATH = 'schemas/kindling.schema.json';

export function definitionSchema(): z.ZodType {
  return fieldsSchema(TOP_LEVEL_FIELDS).meta({
    title: 'Kindling PQL definition',
    description: 'A product-qualified-lead definition, format version 1 (kindling.yml).',
  });
}

/** The committed file's exact text: pretty JSON with a final newline. */
export function definitionJsonSchemaText(): string {
  const schema = z.toJSONSchema(definitionSchema(), {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    // The file is input: keys with defaults (destination ports, timeouts) are optional in it.
    io: 'input',
  });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
