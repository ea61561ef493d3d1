/** Rewrites the generated files (see generated-files.ts): `npx tsx src/definition/write-generated-files.ts`. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_FILES } from './generated-files.ts';

for (const file of GENERATED_FILES) {
  const target = fileURLToPath(new URL(`../../${file.path}`, import.meta.url));
  const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
  const next = file.render(current);
  if (next !== current) writeFileSync(target, next);
  console.log(`${next === current ? 'up to date' : 'wrote'} ${file.path}`);
}
