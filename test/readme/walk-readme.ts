/**
 * `npm run readme:walk` — runs every command of README.md in order, as a new user would after
 * `npm ci`, on a fresh data directory in a scratch folder (with `examples/` linked in), and fails on
 * the first command that does not work as written. `.ci/run` runs it on the fresh clone.
 *
 * How the README's words are played:
 * - `npx kindling …` runs this checkout's bin/kindling.js; `npm start` is `kindling serve --open`;
 *   `npm ci` is done already, and `npm test` is CI's own step, so both are skipped.
 * - a `serve` (or `npm start`) runs in the background on a free port, and the README's
 *   http://127.0.0.1:7300 becomes its address; starting another server stops the previous one.
 * - the keys are fixed with KINDLING_WRITE_KEY / KINDLING_ADMIN_KEY, as the README suggests, and are
 *   also $WRITE_KEY / $ADMIN_KEY for the curl lines, which must get a 2xx answer.
 * - when a command says a running server holds the data directory, the walker does what the README
 *   says (stop the server first) and runs the command again.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ReadmeCommand, readmeCommands } from './readme-commands.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'kindling.js');
const README_URL = 'http://127.0.0.1:7300';
const WRITE_KEY = 'kw_readme_walk_write_key_0123';
const ADMIN_KEY = 'ka_readme_walk_admin_key_0123';
const SERVER_READY_MS = 180_000;
const COMMAND_MS = 600_000;
/** How long a reading command may wait for what a server writes in the background (an alert file). */
const SETTLE_MS = 60_000;

const scratch = mkdtempSync(join(tmpdir(), 'kindling-readme-'));
symlinkSync(join(ROOT, 'examples'), join(scratch, 'examples'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  KINDLING_DATA_DIR: join(scratch, '.kindling'),
  KINDLING_PORT: '0',
  KINDLING_WRITE_KEY: WRITE_KEY,
  KINDLING_ADMIN_KEY: ADMIN_KEY,
  WRITE_KEY,
  ADMIN_KEY,
  // The demo workspace is generated in the background; the walk does not need it.
  KINDLING_DEMO: 'false',
};

let server: { child: ChildProcess; url: string } | null = null;
const log = (line: string) => process.stdout.write(`${line}\n`);

/** The README's words as this checkout runs them; null when the step is not the walker's to run. */
function translate(text: string): string | null {
  if (/^npm ci && npm test\b/.test(text)) return null;
  const shell = text
    .replace(/^npm ci && /, '')
    .replace(/^npm start\b/, `node ${BIN} serve --open`)
    .replace(/\bnpx kindling\b/g, `node ${BIN}`)
    .replaceAll(README_URL, server?.url ?? README_URL);
  return /^curl\b/.test(shell) ? shell.replace(/^curl\b/, 'curl -sS --fail-with-body') : shell;
}

const startsServer = (shell: string) => /\bkindling\.js serve\b/.test(shell);

async function startServer(shell: string): Promise<void> {
  await stopServer();
  const child = spawn('bash', ['-c', `exec env ${shell}`], {
    cwd: scratch,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((ready, fail) => {
    let out = '';
    const timer = setTimeout(
      () => fail(new Error(`no "listening on" within ${SERVER_READY_MS} ms:\n${out}`)),
      SERVER_READY_MS,
    );
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        ready(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the server exited (${code}) before it was ready:\n${out}`));
    });
  });
  server = { child, url };
  log(`    server at ${url}`);
}

async function stopServer(): Promise<void> {
  const running = server;
  if (running === null) return;
  server = null;
  const exited = new Promise((done) => running.child.once('exit', done));
  running.child.kill('SIGTERM');
  await exited;
}

function run(shell: string): { ok: boolean; output: string } {
  const result = spawnSync('bash', ['-c', shell], {
    cwd: scratch,
    env,
    encoding: 'utf8',
    timeout: COMMAND_MS,
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

async function walk(command: ReadmeCommand): Promise<void> {
  const shell = translate(command.text);
  log(`README.md:${command.line} (${command.section})\n  $ ${command.text}`);
  if (shell === null) {
    log('    skipped (CI runs it as its own step)');
    return;
  }
  if (startsServer(shell)) return startServer(shell);
  let result = run(shell);
  // A person reads a file a moment after the server wrote it; a read-only command is tried again
  // until it works or SETTLE_MS passes (a deadline, not a speed claim).
  const settleBy = Date.now() + SETTLE_MS;
  while (!result.ok && /^(tail|cat|ls|jq|grep)\b/.test(shell) && Date.now() < settleBy) {
    await new Promise((done) => setTimeout(done, 500));
    result = run(shell);
  }
  if (!result.ok && server !== null && /holds .*(Stop it|stop it)/s.test(result.output)) {
    log('    a running server holds the data directory: stopping it, as the README says, and again');
    await stopServer();
    result = run(shell);
  }
  const shown = result.output.trimEnd().split('\n').slice(0, 6).join('\n    ');
  if (shown !== '') log(`    ${shown}`);
  if (!result.ok) throw new Error(`README.md:${command.line}: \`${command.text}\` failed:\n${result.output}`);
}

let status = 0;
try {
  const commands = readmeCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  for (const command of commands) await walk(command);
  log(`all ${commands.length} README commands worked`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  status = 1;
} finally {
  await stopServer();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);
