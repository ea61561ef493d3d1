/**
 * Runs the real `kindling` binary in a child process, as a user would, and keeps its exit code and
 * output. It runs the TypeScript sources (KINDLING_FROM_SOURCE=1), the code under test, not a
 * possibly older build in dist/; tests of logic call the command in-process instead (run-in-process.ts).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const BIN = resolve(import.meta.dirname, '../../bin/kindling.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runKindling(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, KINDLING_FROM_SOURCE: '1', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
