/**
 * Signing per the Standard Webhooks spec (standardwebhooks.com): HMAC-SHA256 over
 * `${id}.${timestamp}.${body}` with the secret's base64-decoded bytes (after `whsec_`), sent as
 * `webhook-signature: v1,<base64>`. Receivers verify with any Standard Webhooks library.
 */
import { createHmac } from 'node:crypto';
import { err, ok, type Result } from '../../lib/result.ts';

const PREFIX = 'whsec_';

/** The key bytes of a `whsec_<base64>` secret. */
export function parseSigningSecret(secret: string): Result<Buffer, string> {
  if (!secret.startsWith(PREFIX)) return err('must start with whsec_');
  const encoded = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    return err('must be whsec_ followed by base64');
  }
  const key = Buffer.from(encoded, 'base64');
  // The spec asks for 24 to 64 random bytes; fewer than 16 is too weak to accept.
  if (key.length < 16) return err('must hold at least 16 bytes of key');
  return ok(key);
}

export interface SignedHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** `timestampSeconds` is whole seconds since the epoch: the time of sending, new on every attempt. */
export function signWebhook(key: Buffer, id: string, timestampSeconds: number, body: string): SignedHeaders {
  const timestamp = String(Math.floor(timestampSeconds));
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
