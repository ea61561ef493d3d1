/**
 * The layering rule as data: ARCHITECTURE.md's folder table says which `src/` folder may import
 * which, and this module reads it and checks every import of every source file against it.
 *
 * A row's "may import" cell lists backticked paths under `src/` (a folder such as `store/` or a file
 * such as `definition/ir.ts`); an entry written "`collect/` types" allows only `import type` from
 * it. The words "everything", "everything but `X`" and "nothing of ours" mean what they say. A
 * folder may always import its own files; packages (no relative path) are not checked here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface FolderRule {
  readonly folder: string;
  /** null: any folder. */
  readonly allowed: readonly { readonly path: string; readonly typesOnly: boolean }[] | null;
  readonly except: readonly string[];
}

export interface SourceImport {
  readonly file: string;
  readonly target: string;
  readonly typeOnly: boolean;
}

const ROW = /^\|\s*`src\/([\w-]+)\/`\s*\|[^|]*\|([^|]*)\|\s*$/;

export function parseLayeringTable(markdown: string): FolderRule[] {
  const rules: FolderRule[] = [];
  for (const line of markdown.split('\n')) {
    const match = ROW.exec(line);
    if (match === null) continue;
    const folder = match[1] ?? '';
    const cell = (match[2] ?? '').trim();
    // Only paths name folders or files of src/; a bare file name in a remark is not an entry.
    const paths = [...cell.matchAll(/`([^`]+)`(\s+types)?/g)]
      .map((m) => ({ path: (m[1] ?? '').replace(/^src\//, ''), typesOnly: m[2] !== undefined }))
      .filter((p) => p.path.includes('/'));
    if (cell.startsWith('everything but')) {
      rules.push({ folder, allowed: null, except: paths.map((p) => p.path) });
    } else if (cell.startsWith('everything')) {
      rules.push({ folder, allowed: null, except: [] });
    } else {
      rules.push({ folder, allowed: cell.startsWith('nothing') ? [] : paths, except: [] });
    }
  }
  return rules;
}

const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every relative import of the non-test `.ts` files under `srcDir`, as paths relative to it. */
export function sourceImports(srcDir: string): SourceImport[] {
  const found: SourceImport[] = [];
  for (const file of tsFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3] ?? m[4] ?? '';
      const target = relative(srcDir, resolve(dirname(file), spec))
        .split(sep)
        .join('/');
      // `import { type A, type B }` erases like `import type`: only names marked `type` inside.
      const clause = m[0];
      const allTyped = /\{\s*type\s[^}]*\}/.test(clause) && !/[{,]\s*(?!type\s)\w/.test(clause);
      found.push({
        file: relative(srcDir, file).split(sep).join('/'),
        target,
        typeOnly: m[2] !== undefined || allTyped,
      });
    }
  }
  return found;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    if (entry.name === 'test-support' || entry.name === 'testing') return [];
    const forTests = /\.test\.ts$|^(test-support|testing)\.ts$/.test(entry.name);
    return entry.name.endsWith('.ts') && !forTests ? [path] : [];
  });
}

const topFolder = (path: string) => path.split('/')[0] ?? '';
const under = (target: string, allowed: string) =>
  allowed.endsWith('/') || !allowed.includes('.')
    ? target === allowed.replace(/\/$/, '') || target.startsWith(`${allowed.replace(/\/$/, '')}/`)
    : target === allowed;

/** The imports that break the rule, as `file → target` lines; folders missing from the table too. */
export function layeringViolations(rules: readonly FolderRule[], imports: readonly SourceImport[]): string[] {
  const byFolder = new Map(rules.map((rule) => [rule.folder, rule]));
  const problems: string[] = [];
  for (const imp of imports) {
    const from = topFolder(imp.file);
    const to = topFolder(imp.target);
    if (from === to) continue;
    const rule = byFolder.get(from);
    if (rule === undefined) {
      problems.push(`${imp.file}: src/${from}/ has no row in ARCHITECTURE.md's folder table`);
      continue;
    }
    if (rule.allowed === null) {
      if (rule.except.some((e) => under(imp.target, e))) problems.push(`${imp.file} → ${imp.target}`);
      continue;
    }
    const ok = rule.allowed.some((a) => under(imp.target, a.path) && (!a.typesOnly || imp.typeOnly));
    if (!ok) problems.push(`${imp.file} → ${imp.target}${imp.typeOnly ? ' (type)' : ''}`);
  }
  return problems;
}

/** The top folders a folder README's "May import" sentence names (backticked `x/…` paths). */
export function readmeImportFolders(readme: string): string[] | null {
  const match = /May import:?([\s\S]*?)(?:\.\s|\.$|$)/.exec(readme.replace(/\n/g, ' '));
  if (match === null) return null;
  const names = [...(match[1] ?? '').matchAll(/`(?:src\/)?([\w-]+)(?:\/[^`]*)?`/g)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((name) => name !== ''))].sort();
}
