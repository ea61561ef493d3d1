/**
 * An alert, or a day's alerts, as an e-mail: a plain-text part a person can read in any client and
 * an HTML part with the same content. User text is escaped in HTML; subjects stay on one line.
 */
import type { Alert } from '../alert.ts';
import {
  deductionsOf,
  headline,
  isEscalation,
  nextActionText,
  ownerText,
  reasonLine,
  triggerText,
  whoText,
} from './alert-words.ts';
import { escapeHtml, fitText } from './text-fit.ts';

export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const SUBJECT_CHARS = 200;

export function renderAlertEmail(alert: Alert): EmailContent {
  const company = alert.company === null ? '' : ` (${alert.company})`;
  const subject = oneLine(
    isEscalation(alert)
      ? `[Kindling] ${headline(alert)}`
      : `[Kindling] ${whoText(alert)}${company}: ${headline(alert)}`,
  );
  return {
    subject,
    text: `${alertText(alert)}\n`,
    html: page(subject, alertHtml(alert)),
  };
}

/** `day` is the digest's date as YYYY-MM-DD; alerts come highest score first. */
export function renderDigestEmail(alerts: readonly Alert[], day: string): EmailContent {
  const sorted = [...alerts].sort((a, b) => b.score - a.score);
  const count = `${sorted.length} ${sorted.length === 1 ? 'lead' : 'leads'}`;
  const subject = oneLine(`[Kindling] Daily PQL digest for ${day}: ${count}`);
  const text = [`${count} qualified on ${day}, highest score first.`, ...sorted.map(alertText)].join(
    '\n\n----------------------------------------\n\n',
  );
  const html = [
    `<p>${escapeHtml(count)} qualified on ${escapeHtml(day)}, highest score first.</p>`,
    ...sorted.map(alertHtml),
  ].join('\n<hr>\n');
  return { subject, text: `${text}\n`, html: page(subject, html) };
}

function alertText(alert: Alert): string {
  const lines = [
    headline(alert),
    `Who: ${whoText(alert)}`,
    `Company: ${alert.company ?? '—'}`,
    `Owner: ${ownerText(alert)}`,
    `Next action: ${nextActionText(alert)}`,
  ];
  const list = (title: string, reasons: Alert['reasons']) => {
    if (reasons.length > 0) lines.push('', title, ...reasons.map((reason) => `  • ${reasonLine(reason)}`));
  };
  list('Why:', alert.reasons);
  list('Took points away:', deductionsOf(alert));
  const trigger = triggerText(alert);
  if (trigger !== null) lines.push(trigger);
  if (alert.leadUrl !== null) lines.push('', `Open the lead: ${alert.leadUrl}`);
  lines.push('', 'Suggested outreach', `Subject: ${alert.draft.subject}`, '', alert.draft.body);
  return lines.join('\n');
}

function alertHtml(alert: Alert): string {
  const row = (label: string, value: string) =>
    `<tr><th align="left" style="padding-right:12px">${label}</th><td>${escapeHtml(value)}</td></tr>`;
  const list = (title: string, reasons: Alert['reasons']) =>
    reasons.length === 0
      ? ''
      : `<p><strong>${title}</strong></p><ul>${reasons
          .map((reason) => `<li>${escapeHtml(reasonLine(reason))}</li>`)
          .join('')}</ul>`;
  const link =
    alert.leadUrl !== null && /^https?:\/\//.test(alert.leadUrl)
      ? `<p><a href="${escapeHtml(alert.leadUrl)}">Open the lead</a></p>`
      : '';
  return [
    `<h2>${escapeHtml(headline(alert))}</h2>`,
    '<table>',
    row('Who', whoText(alert)),
    row('Company', alert.company ?? '—'),
    row('Owner', ownerText(alert)),
    row('Next action', nextActionText(alert)),
    '</table>',
    list('Why', alert.reasons),
    list('Took points away', deductionsOf(alert)),
    link,
    '<p><strong>Suggested outreach</strong></p>',
    `<p><em>${escapeHtml(alert.draft.subject)}</em></p>`,
    `<pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(alert.draft.body)}</pre>`,
  ].join('\n');
}

function page(title: string, body: string): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>\n${body}\n</body></html>\n`;
}

function oneLine(text: string): string {
  return fitText(text.replace(/[\r\n\t]+/g, ' '), SUBJECT_CHARS);
}
