/**
 * One do-not-contact entry: an e-mail address or a domain, normalised (trimmed, lower case, a
 * domain without a leading `@`). The kind is inferred when not given: an `@` inside means e-mail.
 * A domain entry also covers its subdomains (`acme.com` suppresses `eu.acme.com`).
 */
import { z } from 'zod';
import { DOMAIN } from '../../definition/routing/check-suppress.ts';
import { EMAIL } from '../../definition/routing/routing-fields.ts';
import { err, ok, type Result } from '../../lib/result.ts';

export const SUPPRESSION_KINDS = ['email', 'domain'] as const;
export type SuppressionKind = (typeof SUPPRESSION_KINDS)[number];

export interface SuppressionEntry {
  readonly kind: SuppressionKind;
  readonly value: string;
  readonly reason: string | null;
}

export interface SuppressionRecord extends SuppressionEntry {
  /** `api`, `import`, `cli`. */
  readonly source: string;
  /** Epoch ms. */
  readonly createdAt: number;
}

/** What a person writes: the API body, a CSV row, a CLI argument. */
export const suppressionInputSchema = z.object({
  kind: z.enum(SUPPRESSION_KINDS).nullish(),
  value: z.string().min(1).max(320),
  reason: z.string().max(500).nullish(),
});
export type SuppressionInput = z.infer<typeof suppressionInputSchema>;

export function normalizeSuppression(input: SuppressionInput): Result<SuppressionEntry, string> {
  const trimmed = input.value.trim().toLowerCase();
  const kind = input.kind ?? (trimmed.includes('@') && !trimmed.startsWith('@') ? 'email' : 'domain');
  const reason = input.reason?.trim() || null;
  if (kind === 'email') {
    return EMAIL.test(trimmed)
      ? ok({ kind, value: trimmed, reason })
      : err(`"${input.value}" is not an e-mail address (expected name@domain.tld)`);
  }
  const domain = trimmed.replace(/^@/, '');
  return DOMAIN.test(domain)
    ? ok({ kind, value: domain, reason })
    : err(`"${input.value}" is not a domain (expected a bare domain such as acme.com)`);
}

/** The domain and its parents down to two labels: `eu.acme.com` → [eu.acme.com, acme.com]. */
export function domainAndParents(domain: string): string[] {
  const labels = domain.split('.');
  const out: string[] = [];
  for (let i = 0; i + 2 <= labels.length; i++) out.push(labels.slice(i).join('.'));
  return out;
}
