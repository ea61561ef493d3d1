/**
 * Keeps web/dist in step with web/: `npm start` (prestart) and the browser tests build the
 * dashboard when it is missing or older than any of its sources. The build is Vite's own CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const WEB = join(ROOT, 'web');
const BUILT = join(WEB, 'dist', 'index.html');
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why a build is needed ('missing' or 'stale'), or null when web/dist is current. */
export function webBuildNeeded(): 'missing' | 'stale' | null {
  if (!existsSync(BUILT)) return 'missing';
  return newestSource(WEB) > statSync(BUILT).mtimeMs ? 'stale' : null;
}

/** Builds when needed; returns what happened. Throws when a needed build fails. */
export function ensureWebBuild(log: (line: string) => void = () => {}): 'built' | 'current' | 'no-vite' {
  const needed = webBuildNeeded();
  if (needed === null) return 'current';
  if (!existsSync(VITE)) {
    if (needed === 'missing')
      throw new Error('The dashboard is not built and Vite is not installed: run npm ci.');
    log(
      'kindling: the dashboard build is older than web/, but Vite is not installed; serving the old build.\n',
    );
    return 'no-vite';
  }
  log(`kindling: building the dashboard (web/dist is ${needed})…\n`);
  const started = performance.now();
  const result = spawnSync(process.execPath, [VITE, 'build', WEB], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
  log(`kindling: dashboard built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 'built';
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  try {
    ensureWebBuild((line) => process.stderr.write(line));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
