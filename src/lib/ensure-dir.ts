import { mkdirSync } from 'node:fs';

/** Creates the folder (and its parents) when missing; returns it. */
export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
