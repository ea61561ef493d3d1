/**
 * A server whose definition file (examples/team-plan-pql.yml) has one webhook destination at an
 * address that never resolves (`.invalid`): deliveries are enqueued and visible in the outbox
 * without anything leaving the machine. Plus helpers for the keys of a second workspace.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export const EXAMPLE_DEFINITION = readFileSync('examples/team-plan-pql.yml', 'utf8');

export interface WebhookServer {
  readonly server: TestServer;
  stop(): Promise<void>;
}

export async function startWebhookServer(options: {
  /** The destination's name; its URL is https://<name>.example.invalid/hook. */
  readonly destination: string;
  readonly definitionWorkspace?: string;
}): Promise<WebhookServer> {
  const dir = tempDir();
  const prefix = `KINDLING_TEST_${options.destination.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  process.env[`${prefix}_URL`] = `https://${options.destination}.example.invalid/hook`;
  process.env[`${prefix}_SECRET`] =
    `whsec_${Buffer.from('test-signing-key-of-32-bytes!!!!').toString('base64')}`;
  const definition = join(dir.path, 'kindling.yml');
  writeFileSync(
    definition,
    `${EXAMPLE_DEFINITION}
destinations:
  ${options.destination}: { kind: webhook, url_env: ${prefix}_URL, secret_env: ${prefix}_SECRET }
`,
  );
  const server = await startTestServer({
    definition,
    ...(options.definitionWorkspace === undefined
      ? {}
      : { definitionWorkspace: options.definitionWorkspace }),
  });
  return {
    server,
    async stop() {
      await server.stop();
      dir.remove();
      delete process.env[`${prefix}_URL`];
      delete process.env[`${prefix}_SECRET`];
    },
  };
}

/** An admin and a write key of `workspaceId` (created with the workspace when it is new). */
export async function workspaceKeys(
  server: TestServer,
  workspaceId: string,
): Promise<{ readonly admin: string; readonly write: string }> {
  const { keys } = server.running.store;
  await keys.ensureWorkspace(workspaceId, workspaceId);
  const create = async (kind: 'admin' | 'write') =>
    (await keys.createKey({ workspaceId, kind, label: null, key: null })).key;
  return { admin: await create('admin'), write: await create('write') };
}
