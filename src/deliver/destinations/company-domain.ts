/** The company domain of an alert, for matching CRM companies; free-mail domains are no company. */
import { isFreeEmail } from 'free-email-domains-list';
import type { Alert } from '../alert.ts';

/** `domain:acme.com` accounts, else the e-mail's domain unless it is free mail (gmail.com). */
export function companyDomain(alert: Alert): string | null {
  if (alert.entityType === 'account' && alert.entityId.startsWith('domain:')) return alert.entityId.slice(7);
  const domain = alert.email?.split('@')[1]?.toLowerCase();
  if (domain === undefined || domain === '' || isFreeEmail(`someone@${domain}`)) return null;
  return domain;
}
