/**
 * Reads a request body up to a byte limit, refusing early on Content-Length, and parses JSON with a
 * nesting limit. Every failure is a 4xx `Reply`, never an exception.
 */
import type { IncomingMessage } from 'node:http';
import { jsonDepthExceeds } from '../collect/json-depth.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { type ErrorReply, errorReply } from './reply.ts';

export function hasJsonContentType(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  // Some forwarders send text/plain to avoid CORS preflights; the body is still JSON.
  return type === 'application/json' || type === 'text/plain' || type === '';
}

export function readBody(
  req: IncomingMessage,
  limitBytes: number,
  limitName: string,
): Promise<Result<Buffer, ErrorReply>> {
  const tooLarge = () =>
    err(
      errorReply(
        400,
        'request-too-large',
        `The body is over the ${limitName} limit of ${limitBytes / 1024} KB.`,
        'Send fewer or smaller events per request.',
      ),
    );
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > limitBytes) {
    req.resume();
    return Promise.resolve(tooLarge());
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limitBytes) {
        done = true;
        resolve(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(ok(Buffer.concat(chunks, size)));
    });
    req.on('error', () => {
      if (!done) resolve(err(errorReply(400, 'request-aborted', 'The request body could not be read.')));
      done = true;
    });
  });
}

export function parseJson(body: Buffer, depthLimit: number): Result<unknown, ErrorReply> {
  const text = body.toString('utf8');
  if (jsonDepthExceeds(text, depthLimit)) {
    return err(errorReply(400, 'nesting-too-deep', `The JSON is nested deeper than ${depthLimit} levels.`));
  }
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unparseable';
    return err(errorReply(400, 'invalid-json', `The body is not valid JSON: ${detail}`));
  }
}
