/**
 * A real HTTP server on a free local port for destination tests: each request is recorded with its
 * raw body, and answered by a scripted handler (or left hanging, to test timeouts).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Resolve } from '../network-guard.ts';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void;

export interface LocalServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function replyJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/** Answers in turn from `script`, repeating the last entry. */
export function scripted(script: readonly ((response: ServerResponse) => void)[]): Handler {
  let index = 0;
  return (_request, response) => {
    const reply = script[Math.min(index, script.length - 1)];
    index += 1;
    reply?.(response);
  };
}

/** Failures scripted per path prefix, each used once: the fakes' way to simulate a bad response. */
export type FailNext = Map<string, (response: ServerResponse) => void>;

/** Answers with the scripted failure for this path, if any (and forgets it); true when it did. */
export function takeScriptedFailure(failNext: FailNext, path: string, response: ServerResponse): boolean {
  for (const [prefix, fail] of failNext) {
    if (path.startsWith(prefix)) {
      failNext.delete(prefix);
      fail(response);
      return true;
    }
  }
  return false;
}

/**
 * A resolver (DestinationDeps.resolve) that answers every name with `address`: a public-looking
 * name that resolves to the local test server, as DNS rebinding would make it.
 */
export function resolvingTo(address: string): Resolve {
  return (_hostname, _options, callback) =>
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
}
