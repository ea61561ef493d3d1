// The build stamp: which commit dist/ was compiled from, written by `npm run build` (run as a script)
// and read by bin/kindling.js at every start to notice a `git pull` or checkout that brought sources
// the build has not seen. Plain JavaScript, because it runs before anything is built.
//
// The check costs a few small file reads while the checked-out commit is the stamped one. Only when
// the commit differs does it look at src/ (the newest mtime of its .ts files, a few ms): sources newer
// than the build mean dist/ is stale; none newer (a commit that did not touch src/, or a build made
// after the edits) and the stamp is moved to the new commit, so the next start is cheap again.
// Uncommitted edits of a built checkout are not noticed: `npm run dev` runs the sources.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const STAMP = join('dist', '.build-stamp.json');

/** The git directory of the checkout at `root` (a worktree's `.git` is a file naming it), or null. */
function gitDir(root) {
  const dotGit = join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const named = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    return named?.[1] === undefined ? null : resolve(root, named[1].trim());
  } catch {
    return null;
  }
}

function readOrNull(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The commit checked out at `root`, read from the git files (no `git` process), or null without git. */
export function gitHead(root) {
  const dir = gitDir(root);
  if (dir === null) return null;
  const head = readOrNull(join(dir, 'HEAD'))?.trim();
  if (head === undefined) return null;
  if (!head.startsWith('ref: ')) return head; // detached: the commit itself
  const ref = head.slice('ref: '.length);
  const commonDir = readOrNull(join(dir, 'commondir'));
  const common = commonDir === null ? dir : resolve(dir, commonDir.trim());
  for (const base of [dir, common]) {
    const loose = readOrNull(join(base, ref));
    if (loose !== null) return loose.trim();
  }
  for (const line of (readOrNull(join(common, 'packed-refs')) ?? '').split('\n')) {
    const [commit, name] = line.trim().split(' ');
    if (name === ref && commit !== undefined) return commit;
  }
  return head; // a branch without commits yet
}

/** The newest modification time (epoch ms) of the compiled sources under `dir` (not tests), or 0. */
function newestMtimeMs(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const compiled = entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts');
    const ms = entry.isDirectory() ? newestMtimeMs(path) : compiled ? statSync(path).mtimeMs : 0;
    if (ms > newest) newest = ms;
  }
  return newest;
}

/** Records that dist/ under `root` was just built from the checked-out commit. */
export function writeBuildStamp(root, builtAtMs = Date.now()) {
  const stamp = { head: gitHead(root), builtAtMs };
  writeFileSync(join(root, STAMP), `${JSON.stringify(stamp)}\n`);
  return stamp;
}

export function readBuildStamp(root) {
  try {
    const stamp = JSON.parse(readFileSync(join(root, STAMP), 'utf8'));
    return typeof stamp.builtAtMs === 'number' ? stamp : null;
  } catch {
    return null;
  }
}

/**
 * Whether dist/ under `root` is older than its sources: null when it is current (or when it cannot
 * be told: no git checkout, as in an installed package), else the stamped and the current commit
 * (`built` is null for a dist/ made before build stamps existed).
 */
export function staleBuild(root) {
  const head = gitHead(root);
  if (head === null) return null;
  const stamp = readBuildStamp(root);
  if (stamp === null) return { built: null, head };
  if (stamp.head === head) return null;
  if (newestMtimeMs(join(root, 'src')) > stamp.builtAtMs) return { built: stamp.head, head };
  try {
    writeBuildStamp(root, stamp.builtAtMs);
  } catch {
    // A read-only install: the check just stays the slower one.
  }
  return null;
}

/** The line bin/kindling.js prints on stderr when it runs the sources instead of a stale dist/. */
export function staleBuildMessage(stale, fallback) {
  const commits =
    stale.built === null
      ? 'before build stamps existed'
      : `at commit ${stale.built.slice(0, 7)}, now ${stale.head.slice(0, 7)}`;
  return `kindling: dist/ is older than src/ (built ${commits}); ${fallback}. Run \`npm run build\` to rebuild it.\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  writeBuildStamp(fileURLToPath(new URL('..', import.meta.url)));
}
