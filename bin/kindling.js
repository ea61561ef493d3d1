#!/usr/bin/env node
// Runs the compiled output in dist/ (built by `npm ci` through the `prepare` script, with source maps
// so stack traces name the .ts lines). A checkout without a build, or KINDLING_FROM_SOURCE=1 (tests and
// development), runs the TypeScript sources through tsx instead, which costs seconds at each start.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/main.js', import.meta.url);
const fromSource = process.env.KINDLING_FROM_SOURCE === '1' || !existsSync(built);

let cli;
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli/main.ts');
} else {
  process.setSourceMapsEnabled(true);
  cli = await import(built.href);
}
await cli.main(process.argv);
