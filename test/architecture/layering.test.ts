/** The layering rule of ARCHITECTURE.md, checked against every import under src/ and every folder README. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  layeringViolations,
  parseLayeringTable,
  readmeImportFolders,
  sourceImports,
} from './layering-rule.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
const rules = parseLayeringTable(readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8'));

describe('the layering rule', () => {
  it('has a row for every folder under src/', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(rules.map((rule) => rule.folder).sort()).toEqual(folders.sort());
  });

  it('holds for every import under src/', () => {
    expect(layeringViolations(rules, sourceImports(SRC))).toEqual([]);
  });

  it('each folder README\'s "May import" names the folders of its row', () => {
    const folders = rules.map((rule) => rule.folder);
    const disagreements: string[] = [];
    for (const rule of rules) {
      const readme = join(SRC, rule.folder, 'README.md');
      if (!existsSync(readme) || rule.allowed === null) continue;
      const read = readmeImportFolders(readFileSync(readme, 'utf8'));
      if (read === null) continue;
      const named = read.filter((name) => folders.includes(name)); // not packages such as `yaml`
      const table = [...new Set(rule.allowed.map((a) => a.path.split('/')[0] ?? ''))].sort();
      if (named.join() !== table.join()) {
        disagreements.push(
          `src/${rule.folder}/README.md names ${named.join(', ')}; the table ${table.join(', ')}`,
        );
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('the rule reader', () => {
  const table = [
    '| folder | what | may import |',
    '| `src/a/` | x | `b/` types, `c/d.ts`, `lib/` |',
    '| `src/b/` | x | nothing of ours |',
    '| `src/c/` | x | everything but `a/` |',
  ].join('\n');
  const imports = (file: string, target: string, typeOnly = false) => ({ file, target, typeOnly });

  it('allows what a row lists, types-only where it says so, and a folder its own files', () => {
    const rules = parseLayeringTable(table);
    expect(
      layeringViolations(rules, [
        imports('a/x.ts', 'b/y.ts', true),
        imports('a/x.ts', 'b/y.ts'),
        imports('a/x.ts', 'c/d.ts'),
        imports('a/x.ts', 'c/e.ts'),
        imports('b/x.ts', 'b/z.ts'),
        imports('b/x.ts', 'lib/z.ts'),
        imports('c/x.ts', 'b/z.ts'),
        imports('c/x.ts', 'a/z.ts'),
      ]),
    ).toEqual(['a/x.ts → b/y.ts', 'a/x.ts → c/e.ts', 'b/x.ts → lib/z.ts', 'c/x.ts → a/z.ts']);
  });

  it('reads type-only imports, including `import { type A }` and dynamic imports', () => {
    const found = sourceImports(SRC);
    const from = (file: string, target: string, typeOnly: boolean) => ({ file, target, typeOnly });
    expect(found).toContainEqual(from('cli/open-store.ts', 'store/store.ts', true));
    expect(found).toContainEqual(from('cli/commands/index.ts', 'cli/commands/init.ts', false));
    expect(found).toContainEqual(from('cli/commands/serve.ts', 'app/start-kindling.ts', false));
    expect(found).toContainEqual(from('cli/commands/serve.ts', 'versions/index.ts', false));
  });
});
