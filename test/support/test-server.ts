/** Starts a real Kindling server in this process on a temporary data directory and a free port. */
import { type RunningKindling, startKindling } from '../../src/app/start-kindling.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { tempDir } from './temp-dir.ts';

export const WRITE_KEY = 'kw_test_write_key_0123456789';
export const ADMIN_KEY = 'ka_test_admin_key_0123456789';

export interface TestServer {
  readonly url: string;
  readonly running: RunningKindling<DuckDbStore>;
  readonly dataDir: string;
  /** POST JSON with the write key as HTTP Basic user (as Segment SDKs do). */
  send(path: string, body: unknown, key?: string): Promise<{ status: number; body: unknown }>;
  admin(
    path: string,
    init?: { method?: string; key?: string; body?: unknown },
  ): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

export async function startTestServer(
  options: { dataDir?: string; now?: () => number; definition?: string; definitionWorkspace?: string } = {},
): Promise<TestServer> {
  const dir = options.dataDir === undefined ? tempDir() : null;
  const dataDir = options.dataDir ?? dir?.path ?? '';
  const config = loadConfig(
    { dataDir, port: 0, definition: options.definition, definitionWorkspace: options.definitionWorkspace },
    // No demo workspace in tests unless a test asks for one (test/dashboard does).
    { KINDLING_WRITE_KEY: WRITE_KEY, KINDLING_ADMIN_KEY: ADMIN_KEY, KINDLING_DEMO: 'false' },
  );
  const running = await startKindling(config, createLogger('silent'), {
    ...(options.now === undefined ? {} : { now: options.now }),
    openStore: (now: () => number) => DuckDbStore.open(config.dataDir, now),
  });
  const url = running.url;
  const parse = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown });
  return {
    url,
    running,
    dataDir,
    async send(path, body, key = WRITE_KEY) {
      const res = await fetch(url + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return parse(res);
    },
    async admin(path, init = {}) {
      const res = await fetch(url + path, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${init.key ?? ADMIN_KEY}`, 'content-type': 'application/json' },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      return parse(res);
    },
    async stop() {
      await running.close();
      dir?.remove();
    },
  };
}
