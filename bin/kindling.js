#!/usr/bin/env node
// Runs the compiled output in dist/ (built by `npm ci` through the `prepare` script, with source maps
// so stack traces name the .ts lines). A checkout without a build, or KINDLING_FROM_SOURCE=1 (tests and
// development), runs the TypeScript sources through tsx instead, which costs seconds at each start.
// A dist/ older than the checked-out sources (a `git pull` without `npm run build`, see
// build-stamp.js) would run yesterday's code: the sources run instead, and stderr says how to rebuild.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { staleBuild, staleBuildMessage } from './build-stamp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = new URL('../dist/cli/main.js', import.meta.url);
let fromSource = process.env.KINDLING_FROM_SOURCE === '1' || !existsSync(built);
if (!fromSource) {
  const stale = staleBuild(root);
  if (stale !== null) {
    const tsx = existsSync(new URL('../src/cli/main.ts', import.meta.url)) && (await canLoadTsx());
    process.stderr.write(
      staleBuildMessage(stale, tsx ? 'running the sources through tsx, slower' : 'running it anyway'),
    );
    fromSource = tsx;
  }
}

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

/** tsx is a development dependency: an install without them can only run dist/. */
async function canLoadTsx() {
  try {
    await import('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}
