/**
 * A digest (many alerts in one Slack message, e.g. the Monday feed of seed 003): a header with the
 * count, then one section per lead, highest score first: tier and score, who, the owner (mentioned
 * when they have a Slack member id), the next action and the strongest reason, with a link to the
 * lead. Block Kit allows 50 blocks, so the leads past that say "…and N more".
 */
import type { Alert } from '../alert.ts';
import { nextActionText, ownerText, tierText, whoText } from './alert-words.ts';
import { ownerMention, SLACK_LIMITS, type SlackBlock, type SlackMessage } from './slack-blocks.ts';
import { escapeMrkdwn, fitText } from './text-fit.ts';

/** Header, intro and the "…and N more" line leave room for this many leads. */
export const MAX_DIGEST_LEADS = SLACK_LIMITS.blocks - 3;

/** `day` is the digest's date as YYYY-MM-DD. */
export function renderSlackDigest(alerts: readonly Alert[], day: string): SlackMessage {
  const sorted = [...alerts].sort((a, b) => b.score - a.score);
  const count = `${sorted.length} ${sorted.length === 1 ? 'lead' : 'leads'}`;
  const headline = `📋 PQL digest for ${day}: ${count}`;
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: fitText(headline, SLACK_LIMITS.headerText), emoji: true },
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Qualified since the last digest, highest score first.' }],
    },
  ];
  for (const alert of sorted.slice(0, MAX_DIGEST_LEADS)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: leadText(alert) } });
  }
  const more = sorted.length - MAX_DIGEST_LEADS;
  if (more > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${more} more in the dashboard's lead queue.` }],
    });
  }
  const mentions = [...new Set(sorted.flatMap((alert) => ownerMention(alert) ?? []))].join(' ');
  return {
    text: fitText(`${headline}${mentions === '' ? '' : ` ${mentions}`}`, SLACK_LIMITS.fallbackText),
    blocks,
  };
}

function leadText(alert: Alert): string {
  const mention = ownerMention(alert);
  const link =
    alert.leadUrl !== null && /^https?:\/\/[^\s|<>]+$/.test(alert.leadUrl)
      ? ` · <${alert.leadUrl}|Open lead>`
      : '';
  const reason = alert.reasons[0];
  // Our own markup (bold, mention, link) is added around escaped user text, within the section limit.
  const budget = (SLACK_LIMITS.sectionText - link.length - 60) / 4;
  const lines = [
    `*${fitText(`${tierText(alert)} · score ${alert.score}`, budget, escapeMrkdwn)}* — ${fitText(whoText(alert), budget, escapeMrkdwn)}`,
    `Owner: ${fitText(ownerText(alert), budget, escapeMrkdwn)}${mention === null ? '' : ` ${mention}`} · ${fitText(nextActionText(alert), budget, escapeMrkdwn)}`,
  ];
  if (reason !== undefined) lines.push(fitText(`• ${reason.text}`, budget, escapeMrkdwn));
  return lines.join('\n') + link;
}
