/**
 * The `log` destination: the try-it-locally alert path. It prints each rendered alert (the same
 * text the e-mail carries) to standard output, and/or appends it to an NDJSON file as the alert
 * webhook's payload (schemas/alert-webhook.schema.json), one line per alert. No network, no secrets.
 * A digest prints as one block and appends one line per alert. A write that fails (a full disk) is
 * retried; a path that cannot be a file (a directory) is a dead letter.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ok, type Result } from '../../lib/result.ts';
import type { Alert } from '../alert.ts';
import type { ConfigProblem } from '../config-common.ts';
import { rateRule } from '../config-common.ts';
import type { DestinationDeps, DigestDestination } from '../destination.ts';
import { type DeliveryOutcome, dead, delivered, retry } from '../outcome.ts';
import { describeError } from '../redact.ts';
import { renderAlertEmail, renderDigestEmail } from '../render/email.ts';
import { renderWebhookPayload } from '../render/webhook-payload.ts';

export { type LogConfig, logConfigSchema } from './log-config.ts';

import type { LogConfig } from './log-config.ts';

/** Local writes: pacing only keeps a flood of alerts from flooding the terminal. */
export const LOG_RATE = { requests: 50, perMs: 1000 } as const;

/** Errors that say the path can never be written, whatever the retry. */
const PERMANENT = new Set(['EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS']);

export function createLogDestination(
  name: string,
  config: LogConfig,
  deps: DestinationDeps,
): Result<DigestDestination, ConfigProblem[]> {
  const file = config.path === undefined ? null : resolve(deps.baseDir ?? process.cwd(), config.path);
  const print = config.print ?? file === null;
  const out = deps.stdout ?? process.stdout;
  const now = deps.now ?? Date.now;

  const emit = async (text: string, alerts: readonly Alert[]): Promise<DeliveryOutcome> => {
    if (file !== null) {
      try {
        await mkdir(dirname(file), { recursive: true });
        await appendFile(file, alerts.map((a) => `${JSON.stringify(renderWebhookPayload(a))}\n`).join(''));
      } catch (error) {
        const code = error instanceof Error && 'code' in error ? String(error.code) : '';
        const detail = `cannot append to ${config.path ?? file}: ${describeError(error)}`;
        return PERMANENT.has(code) ? dead(null, detail) : retry(null, null, detail);
      }
    }
    if (print) out.write(text);
    return delivered(
      200,
      file === null ? { printed: alerts.length } : { appended: alerts.length, path: file },
    );
  };

  return ok({
    name,
    kind: 'log',
    rateLimit: { key: `log:${name}`, rule: rateRule(config.rate_limit, LOG_RATE), cost: 1 },
    send: (alert) => {
      const email = renderAlertEmail(alert);
      return emit(banner(name, email.subject, email.text), [alert]);
    },
    sendDigest: (alerts) => {
      if (alerts.length === 0) return Promise.resolve(dead(null, 'a digest needs at least one alert'));
      const email = renderDigestEmail(alerts, new Date(now()).toISOString().slice(0, 10));
      return emit(banner(name, email.subject, email.text), alerts);
    },
  });
}

function banner(name: string, subject: string, text: string): string {
  return `\n── ${name} (kind: log) ${'─'.repeat(Math.max(0, 60 - name.length))}\n${subject}\n\n${text}`;
}
