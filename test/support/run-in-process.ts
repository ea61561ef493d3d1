/**
 * Runs a `kindling` command in this process, through the same `main` the binary calls, and keeps
 * its exit code and output like run-cli.ts does: tests of a command's logic use this (no process
 * start, no TypeScript compile per call); only tests of the binary itself spawn it.
 * Output is captured by replacing process.stdout/stderr.write for the call, and `env` is applied to
 * process.env for the call, so calls must not overlap (vitest runs one test of a file at a time).
 */
import { main } from '../../src/cli/main.ts';
import type { CliResult } from './run-cli.ts';

type Write = typeof process.stdout.write;

export async function runInProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const saved = { out: process.stdout.write, err: process.stderr.write, exitCode: process.exitCode };
  const savedEnv = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  let stdout = '';
  let stderr = '';
  const capture =
    (append: (text: string) => void): Write =>
    (chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((arg) => typeof arg === 'function');
      if (typeof done === 'function') done();
      return true;
    };
  process.stdout.write = capture((text) => {
    stdout += text;
  });
  process.stderr.write = capture((text) => {
    stderr += text;
  });
  Object.assign(process.env, env);
  process.exitCode = undefined;
  try {
    await main(['node', 'kindling', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } catch (error) {
    // An uncaught error is what the binary would print as a stack trace and exit 1 with.
    stderr += error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { code: 1, stdout, stderr };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.exitCode = saved.exitCode;
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
