import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILES, problemCodesTable, withProblemCodesTable } from './generated-files.ts';
import { PROBLEM_CODES } from './problems/catalogue.ts';
import { TOP_LEVEL_FIELDS } from './sections/index.ts';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

describe('generated files', () => {
  for (const file of GENERATED_FILES) {
    it(`${file.path} is up to date (run: npx tsx src/definition/write-generated-files.ts)`, () => {
      const current = existsSync(root(file.path)) ? readFileSync(root(file.path), 'utf8') : null;
      expect(current).toBe(file.render(current));
    });
  }
});

describe('the JSON Schema', () => {
  const schema: unknown = JSON.parse(readFileSync(root('schemas/kindling.schema.json'), 'utf8'));

  it('describes exactly the top-level keys the validator accepts, with the same required ones', () => {
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['kindling', 'name', 'entity'],
    });
    const properties = (schema as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(properties)).toEqual(Object.keys(TOP_LEVEL_FIELDS));
  });

  it('shares the validator patterns', () => {
    const text = JSON.stringify(schema);
    expect(text).toContain(JSON.stringify('^[1-9][0-9]*[mhdw]$'));
    expect(text).toContain('"$ref":"#/$defs/Signal"');
  });
});

describe('the problem-code table', () => {
  it('has one row per catalogue code', () => {
    const rows = problemCodesTable().split('\n').slice(2);
    expect(rows.map((r) => r.split('`')[1])).toEqual([...PROBLEM_CODES]);
  });

  it('replaces only what lies between its markers', () => {
    const once = withProblemCodesTable('# Title\n\nIntro.\n');
    expect(once.startsWith('# Title\n\nIntro.\n')).toBe(true);
    expect(withProblemCodesTable(`${once}\nAfter.\n`)).toBe(`${once}\nAfter.\n`);
  });
});
