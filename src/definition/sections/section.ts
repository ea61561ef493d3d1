/**
 * A top-level section of the definition file. Each owns some top-level keys (declared as a field
 * table, which also feeds the JSON Schema) and checks their values into the draft.
 */
import type { CheckContext } from '../check/context.ts';
import type { Fields } from '../schema/fields.ts';
import type { Draft } from './draft.ts';

export type FileMap = Readonly<Record<string, unknown>>;

export interface Section {
  readonly fields: Fields;
  readonly check: (ctx: CheckContext, file: FileMap, draft: Draft) => void;
}
