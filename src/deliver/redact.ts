/**
 * Secrets (webhook URLs, tokens, passwords) must never reach logs, errors or stored outcomes. Every
 * destination passes its outcome through `redactOutcome` with the secrets it resolved.
 */
import type { DeliveryOutcome } from './outcome.ts';

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/** Every occurrence of a secret becomes "[redacted]", and every URL keeps only its origin. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret containing another is removed whole.
  for (const secret of secrets.flatMap(withUrlParts).sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) out = out.replaceAll(secret, '[redacted]');
  }
  return out.replace(URL_PATTERN, (url) => {
    try {
      const parsed = new URL(url);
      return parsed.pathname === '/' && parsed.search === '' ? parsed.origin : `${parsed.origin}/[redacted]`;
    } catch {
      return '[redacted-url]';
    }
  });
}

/**
 * A secret URL's path and query carry the secret (Slack's /services/T…/B…/token), and receivers
 * echo them back in error bodies, so they and their long segments are secrets too.
 */
function withUrlParts(secret: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(secret)) return [secret];
  try {
    const url = new URL(secret);
    const segments = [...url.pathname.split('/'), ...[...url.searchParams.values()]].filter(
      (part) => part.length >= 8,
    );
    return [
      secret,
      ...(url.pathname.length > 1 ? [url.pathname] : []),
      ...(url.search ? [url.search] : []),
      ...segments,
    ];
  } catch {
    return [secret];
  }
}

export function redactOutcome(outcome: DeliveryOutcome, secrets: readonly string[]): DeliveryOutcome {
  if (outcome.kind === 'delivered') return outcome;
  return { ...outcome, detail: redact(outcome.detail, secrets) };
}

/** A thrown value as one line: message plus the cause's code and message (Node's fetch hides both). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? `${cause.code} ` : '';
    return `${error.message} (${code}${cause.message})`;
  }
  return error.message;
}
