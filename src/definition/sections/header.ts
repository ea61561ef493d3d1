/** `kindling`, `name`, `entity`, `description`: what the definition is. */
import { z } from 'zod';
import { checkValue } from '../check/check-object.ts';
import type { CheckContext } from '../check/context.ts';
import { field } from '../schema/fields.ts';
import { DEFINITION_NAME } from '../schema/patterns.ts';
import type { Draft } from './draft.ts';
import type { FileMap, Section } from './section.ts';

const ENTITIES = ['user', 'account'] as const;

const fields = {
  kindling: field(z.literal(1), 'the format version 1', { code: 'unsupported-version', required: true }),
  name: field(z.string().regex(DEFINITION_NAME), 'a name of lowercase letters, digits and hyphens', {
    code: 'bad-name',
    required: true,
    hint: 'Use lowercase letters, digits and hyphens, such as `team-plan-pql`.',
  }),
  entity: field(z.enum(ENTITIES), 'user or account', { required: true, suggest: ENTITIES }),
  description: field(z.string(), 'a sentence saying what this definition qualifies'),
} as const;

function check(ctx: CheckContext, file: FileMap, draft: Draft): void {
  if ('kindling' in file) checkValue(ctx, ['kindling'], fields.kindling, file.kindling);
  if ('name' in file) {
    const name = checkValue(ctx, ['name'], fields.name, file.name);
    if (name.ok) draft.name = name.value;
  }
  if ('entity' in file) {
    const entity = checkValue(ctx, ['entity'], fields.entity, file.entity);
    if (entity.ok) draft.entity = entity.value;
  }
  if ('description' in file) {
    const description = checkValue(ctx, ['description'], fields.description, file.description);
    if (description.ok) draft.description = description.value;
  }
}

export const headerSection: Section = { fields, check };
