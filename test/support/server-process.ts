/** Runs `kindling serve` as a separate OS process, so tests can SIGKILL it like a crash would. */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ADMIN_KEY, WRITE_KEY } from './test-server.ts';

const BIN = resolve(import.meta.dirname, '../../bin/kindling.js');
/** Generous: on a shared 2-core machine a start (tsx compiling the sources) can take long. */
const START_DEADLINE_MS = 90_000;

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<string>;
}

export function spawnServer(
  dataDir: string,
  extraArgs: readonly string[] = [],
  /** Extra environment for this process only (e.g. KINDLING_TEST_CRASH_AT). */
  env: Readonly<Record<string, string>> = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--data-dir', dataDir, '--port', '0', '--log-level', 'warn', ...extraArgs],
    {
      env: {
        KINDLING_DEMO: 'false',
        ...process.env,
        KINDLING_FROM_SOURCE: '1',
        ...env,
        KINDLING_WRITE_KEY: WRITE_KEY,
        KINDLING_ADMIN_KEY: ADMIN_KEY,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<string>((done) =>
    child.once('exit', (code, signal) => done(signal ?? String(code))),
  );
  return new Promise((ready, fail) => {
    let out = '';
    let errors = '';
    const timer = setTimeout(
      () => fail(new Error(`server did not start in ${START_DEADLINE_MS / 1000} s:\n${out}\n${errors}`)),
      START_DEADLINE_MS,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        ready({ url: match[1], child, exited });
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${how}) before it was ready:\n${out}\n${errors}`));
    });
  });
}
