/** Handlers return a `Reply` value; the server writes it. Errors share one JSON shape everywhere. */
import type { ServerResponse } from 'node:http';

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** A body that is not JSON (a dashboard file), sent as these bytes; `headers` give its content type. */
  readonly raw?: Buffer;
  /** Takes over the response once the head is written (server-sent events); `body` is not sent. */
  readonly stream?: (res: ServerResponse) => void;
}

export interface ErrorBody {
  readonly success: false;
  readonly error: { readonly code: string; readonly message: string; readonly hint?: string };
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  ...(headers === undefined ? {} : { headers }),
});

export interface ErrorReply extends Reply {
  readonly body: ErrorBody;
}

export function errorReply(status: number, code: string, message: string, hint?: string): ErrorReply {
  return {
    status,
    body: { success: false, error: { code, message, ...(hint === undefined ? {} : { hint }) } },
  };
}

export function send(res: ServerResponse, reply: Reply): void {
  if (reply.stream !== undefined) {
    res.writeHead(reply.status, { ...reply.headers });
    reply.stream(res);
    return;
  }
  if (reply.raw !== undefined) {
    res.writeHead(reply.status, { 'content-length': reply.raw.length, ...reply.headers });
    res.end(reply.raw);
    return;
  }
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
}
