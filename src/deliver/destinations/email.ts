/**
 * E-mail over SMTP (nodemailer): one message per alert, and a digest of many alerts in one message.
 * SMTP replies map like HTTP ones: 4xx is temporary (retry), 5xx permanent (dead); no reply at all
 * (refused, timed out) is a retry. The Message-ID comes from the idempotency key, so a retried
 * message can be recognised as the same one. With credentials, the connection must be TLS (`secure`)
 * or upgraded with STARTTLS before AUTH, unless `allow_insecure_auth` says otherwise.
 */
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { err, ok, type Result } from '../../lib/result.ts';
import type { Alert } from '../alert.ts';
import { type ConfigProblem, rateRule, readSecret } from '../config-common.ts';
import { type Settled, settleWithin } from '../deadline.ts';
import { noticeSubject, noticeText } from '../delivery-notice.ts';
import type {
  DeliveryContext,
  DestinationDeps,
  DigestDestination,
  NoticeDestination,
} from '../destination.ts';
import { type DeliveryOutcome, dead, delivered, retry } from '../outcome.ts';
import { describeError, redactOutcome } from '../redact.ts';
import { type EmailContent, renderAlertEmail, renderDigestEmail } from '../render/email.ts';
import { escapeHtml } from '../render/text-fit.ts';

export { type EmailConfig, emailConfigSchema } from './email-config.ts';

import type { EmailConfig } from './email-config.ts';

export const EMAIL_RATE = { requests: 5, perMs: 1000 } as const;

export function createEmailDestination(
  name: string,
  config: EmailConfig,
  deps: DestinationDeps,
): Result<DigestDestination & NoticeDestination, ConfigProblem[]> {
  const user =
    config.user_env === undefined ? null : readSecret(deps.env, `${name}.user_env`, config.user_env);
  const pass =
    config.password_env === undefined
      ? null
      : readSecret(deps.env, `${name}.password_env`, config.password_env);
  const problems = [user, pass].flatMap((read) => (read !== null && !read.ok ? [read.error] : []));
  if (problems.length > 0) return err(problems);
  const auth = user?.ok && pass?.ok ? { user: user.value, pass: pass.value } : null;
  const secrets = auth === null ? [] : [auth.pass];
  const now = deps.now ?? Date.now;

  const deliver = async (content: EmailContent, recipients: readonly string[], ctx: DeliveryContext) => {
    if (recipients.length === 0) return dead(null, 'no recipients: set `to`, or give alerts an owner e-mail');
    // Imported at the first send: loading nodemailer costs every process that never sends mail.
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport(transportOptions(config, auth));
    const settled = await settleWithin(
      () =>
        transport.sendMail({
          from: config.from,
          to: [...recipients],
          subject: content.subject,
          text: content.text,
          html: content.html,
          messageId: `<${messageIdPart(ctx.idempotencyKey)}@kindling>`,
          headers: {
            'X-Kindling-Idempotency-Key': ctx.idempotencyKey,
            'X-Kindling-Attempt': String(ctx.attempt),
          },
        }),
      {
        timeoutMs: config.timeout_ms,
        ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
        giveUp: () => transport.close(),
      },
    );
    transport.close();
    return redactOutcome(smtpOutcome(settled, config.timeout_ms, name), secrets);
  };

  return ok({
    name,
    kind: 'email',
    rateLimit: { key: `email:${name}`, rule: rateRule(config.rate_limit, EMAIL_RATE), cost: 1 },
    send: (alert, ctx) => deliver(renderAlertEmail(alert), recipients(config, [alert]), ctx),
    sendDigest: (alerts, ctx) => {
      if (alerts.length === 0) return Promise.resolve(dead(null, 'a digest needs at least one alert'));
      const day = new Date(now()).toISOString().slice(0, 10);
      return deliver(renderDigestEmail(alerts, day), recipients(config, alerts), ctx);
    },
    // To the team (`to`) only: a failing destination is nobody's lead.
    sendNotice: (notice, ctx) => {
      const text = noticeText(notice);
      const content = { subject: noticeSubject(notice), text, html: `<p>${escapeHtml(text)}</p>` };
      return deliver(content, config.to, ctx);
    },
  });
}

/** STARTTLS is demanded when asked for, and always before credentials are sent on a plain connection. */
export function requiresStartTls(config: EmailConfig, hasAuth: boolean): boolean {
  return config.require_tls || (hasAuth && !config.secure && !config.allow_insecure_auth);
}

function transportOptions(
  config: EmailConfig,
  auth: { user: string; pass: string } | null,
): SMTPTransport.Options {
  return {
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: requiresStartTls(config, auth !== null),
    ...(auth === null ? {} : { auth }),
    connectionTimeout: config.timeout_ms,
    greetingTimeout: config.timeout_ms,
    socketTimeout: config.timeout_ms,
  };
}

function recipients(config: EmailConfig, alerts: readonly Alert[]): string[] {
  const owners = config.to_owner
    ? alerts.flatMap((alert) => (alert.owner?.email ? [alert.owner.email] : []))
    : [];
  return [...new Set([...config.to, ...owners])];
}

/** Message-ID local parts allow only RFC 5322 atext and dots. */
function messageIdPart(key: string): string {
  return key.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-');
}

function smtpOutcome(
  settled: Settled<SMTPTransport.SentMessageInfo>,
  timeoutMs: number,
  name: string,
): DeliveryOutcome {
  switch (settled.kind) {
    case 'value': {
      const code = Number.parseInt(settled.value.response, 10);
      return delivered(Number.isNaN(code) ? 250 : code, {
        messageId: settled.value.messageId,
        accepted: settled.value.accepted.length,
        rejected: settled.value.rejected.length,
      });
    }
    case 'timeout':
      return retry(null, null, `timed out after ${timeoutMs} ms`);
    case 'aborted':
      return retry(null, null, 'cancelled before the server answered');
    case 'error': {
      const error = settled.error;
      // No TLS where it was required: a configuration to change, not a failure to retry.
      if (error instanceof Error && 'code' in error && error.code === 'ETLS')
        return dead(null, noTls(name, error));
      const code = error instanceof Error && 'responseCode' in error ? error.responseCode : undefined;
      const detail = `SMTP ${describeError(error)}`;
      if (typeof code !== 'number') return retry(null, null, detail);
      return code >= 400 && code < 500 ? retry(code, null, detail) : dead(code, detail);
    }
  }
}

function noTls(name: string, error: Error): string {
  return (
    `SMTP ${describeError(error)}: nothing was sent, and no credentials. Destination ${name} needs TLS ` +
    'before it authenticates: use `secure: true` (port 465) or a server that offers STARTTLS; for a ' +
    'relay on the same host, set `allow_insecure_auth: true`'
  );
}
