/**
 * A command that fails leaves no new data directory behind: a typo in a flag or a bad file should
 * not leave an empty `.kindling` that later looks like a real one. Only a directory this process
 * created, and only when the command failed with an error (not one that exits non-zero after
 * doing its work, such as an import with some bad lines), is removed.
 */
import { existsSync, rmSync } from 'node:fs';
import { configSchema } from '../config/config.ts';

/** The data directory the words and the environment point at (flag, then env, then default). */
export function dataDirNamed(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--data-dir' && args[i + 1] !== undefined) return args[i + 1] ?? '';
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length);
  }
  return process.env.KINDLING_DATA_DIR || configSchema.shape.dataDir.parse(undefined);
}

/** Call before the command; the returned function, after it, removes the directory if it is new. */
export function watchNewDataDir(args: readonly string[]): (failed: boolean) => void {
  const dir = dataDirNamed(args);
  const existed = dir === '' || existsSync(dir);
  return (failed) => {
    if (failed && !existed && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  };
}
