/**
 * A dist/ older than the sources (a `git pull` without `npm run build`) is noticed at start: the
 * binary runs the sources through tsx and says on stderr how to rebuild. The checks run on a small
 * fake checkout (git files written by hand, file times set explicitly), and the binary on a copy of
 * bin/ whose dist/ and src/ print which one ran.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  gitHead,
  readBuildStamp,
  staleBuild,
  staleBuildMessage,
  writeBuildStamp,
} from '../../bin/build-stamp.js';
import { tempDir } from '../support/temp-dir.ts';

const REPO = resolve(import.meta.dirname, '../..');
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

const dir = tempDir('kindling-stale-');
afterAll(() => dir.remove());
let checkouts = 0;

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A checkout on branch main at commit `head`, with a built dist/ and one source file. */
function checkout(head: string): { root: string; moveTo(commit: string): void; touch(ms: number): void } {
  const root = join(dir.path, `checkout-${++checkouts}`);
  const ref = join(root, '.git', 'refs', 'heads', 'main');
  write(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  write(ref, `${head}\n`);
  write(join(root, 'dist', 'cli', 'main.js'), '');
  const source = join(root, 'src', 'cli', 'main.ts');
  write(source, '');
  return {
    root,
    moveTo: (commit) => writeFileSync(ref, `${commit}\n`),
    touch: (ms) => utimesSync(source, ms / 1000, ms / 1000),
  };
}

describe('the build stamp', () => {
  it('reads the checked-out commit from a branch, a worktree with packed refs, a detached head', () => {
    expect(gitHead(checkout(A).root)).toBe(A);

    const worktree = join(dir.path, 'worktree');
    const common = join(dir.path, 'common.git');
    write(join(worktree, '.git'), `gitdir: ${join(common, 'worktrees', 'w')}\n`);
    write(join(common, 'worktrees', 'w', 'HEAD'), 'ref: refs/heads/topic\n');
    write(join(common, 'worktrees', 'w', 'commondir'), '../..\n');
    write(
      join(common, 'packed-refs'),
      `# pack-refs with: peeled\n${A} refs/heads/main\n${B} refs/heads/topic\n`,
    );
    expect(gitHead(worktree)).toBe(B);

    write(join(common, 'worktrees', 'w', 'HEAD'), `${C}\n`);
    expect(gitHead(worktree)).toBe(C);

    expect(gitHead(join(dir.path, 'not-a-checkout'))).toBeNull();
  });

  it('is current at the stamped commit, and stale once the commit and newer sources arrive', () => {
    const repo = checkout(A);
    const { builtAtMs } = writeBuildStamp(repo.root, 1_000_000_000_000);
    repo.touch(builtAtMs - 60_000);
    expect(staleBuild(repo.root)).toBeNull();

    // A pull that touched nothing compiled: still current, and the stamp follows the new commit.
    repo.moveTo(B);
    expect(staleBuild(repo.root)).toBeNull();
    expect(readBuildStamp(repo.root)).toEqual({ head: B, builtAtMs });

    repo.moveTo(C);
    repo.touch(builtAtMs + 60_000);
    expect(staleBuild(repo.root)).toEqual({ built: B, head: C });
  });

  it('calls a dist/ without a stamp stale, and cannot tell without git (an installed package)', () => {
    const repo = checkout(A);
    expect(staleBuild(repo.root)).toEqual({ built: null, head: A });
    expect(staleBuildMessage({ built: null, head: A }, 'running the sources')).toContain('npm run build');

    const installed = join(dir.path, 'installed');
    write(join(installed, 'dist', 'cli', 'main.js'), '');
    expect(staleBuild(installed)).toBeNull();
  });
});

describe('bin/kindling.js over a stale dist/', () => {
  const run = promisify(execFile);

  /** A copy of bin/ beside a dist/ and a src/ whose `main` prints which one ran. */
  function binary(): { root: string; start(): Promise<{ stdout: string; stderr: string }> } {
    const repo = checkout(A);
    mkdirSync(join(repo.root, 'bin'));
    for (const file of ['kindling.js', 'build-stamp.js']) {
      copyFileSync(join(REPO, 'bin', file), join(repo.root, 'bin', file));
    }
    write(
      join(repo.root, 'dist', 'cli', 'main.js'),
      "export async function main() { console.log('dist'); }\n",
    );
    write(
      join(repo.root, 'src', 'cli', 'main.ts'),
      "export async function main(): Promise<void> { console.log('source'); }\n",
    );
    write(join(repo.root, 'package.json'), '{ "type": "module" }\n');
    symlinkSync(join(REPO, 'node_modules'), join(repo.root, 'node_modules'));
    const env = { ...process.env };
    delete env.KINDLING_FROM_SOURCE;
    return {
      root: repo.root,
      start: () => run(process.execPath, [join(repo.root, 'bin', 'kindling.js'), '--help'], { env }),
    };
  }

  it('runs dist/ silently while it is current', async () => {
    const bin = binary();
    writeBuildStamp(bin.root);
    const { stdout, stderr } = await bin.start();
    expect(stdout).toBe('dist\n');
    expect(stderr).toBe('');
  });

  it('runs the sources and names the fix when dist/ is older than them', async () => {
    const bin = binary(); // no stamp: built before this checkout's sources
    const { stdout, stderr } = await bin.start();
    expect(stdout).toBe('source\n');
    expect(stderr).toContain('dist/ is older than src/');
    expect(stderr).toContain('npm run build');
  });
});
