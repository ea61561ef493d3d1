/**
 * An alert as a Slack Block Kit message: the headline (an escalation says so first, a hand-raiser
 * leads with what they did), who and which company, the top reasons and what took points away,
 * owner, next action with its due time (shown in the reader's time zone), the draft, and a button
 * to the lead. Every text is cut to Block Kit's limits and the blocks are capped.
 */
import type { Alert } from '../alert.ts';
import {
  deductionsOf,
  headline as headlineOf,
  isEscalation,
  nextActionText,
  ownerText,
  reasonLine,
  triggerText,
  utcText,
  whoText,
} from './alert-words.ts';
import { escapeMrkdwn, fitText } from './text-fit.ts';

/** Block Kit limits (api.slack.com/reference/block-kit). */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 2000,
  buttonText: 75,
  buttonUrl: 3000,
  fallbackText: 3000,
} as const;

export const MAX_SLACK_REASONS = 5;

type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };
type Mrkdwn = { type: 'mrkdwn'; text: string };

export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text?: Mrkdwn; fields?: Mrkdwn[] }
  | { type: 'context'; elements: Mrkdwn[] }
  | { type: 'divider' }
  | { type: 'actions'; elements: { type: 'button'; text: PlainText; url: string; action_id: string }[] };

export interface SlackMessage {
  /** Shown in notifications and where blocks cannot be. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

const mrkdwn = (text: string, max: number): Mrkdwn => ({
  type: 'mrkdwn',
  text: fitText(text, max, escapeMrkdwn),
});
/** A bold label before user text; the label is ours and needs no escaping. */
const labelled = (label: string, text: string, max: number): Mrkdwn => {
  const head = `*${label}*\n`;
  return { type: 'mrkdwn', text: head + fitText(text, max - head.length, escapeMrkdwn) };
};

export function renderSlackMessage(alert: Alert): SlackMessage {
  const fire = isEscalation(alert) ? '⏰' : alert.handRaiser ? '✋' : '🔥';
  const headline = `${fire} ${headlineOf(alert)}`;
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: fitText(headline, SLACK_LIMITS.headerText), emoji: true },
    },
    {
      type: 'section',
      fields: [
        labelled('Who', whoText(alert), SLACK_LIMITS.fieldText),
        labelled('Company', alert.company ?? '—', SLACK_LIMITS.fieldText),
        ownerField(alert),
        nextActionField(alert),
      ],
    },
  ];
  const list = (title: string, reasons: Alert['reasons']) => {
    const shown = reasons.slice(0, MAX_SLACK_REASONS);
    if (shown.length === 0) return;
    const lines = shown.map((reason) => `• ${reasonLine(reason)}`).join('\n');
    blocks.push({ type: 'section', text: labelled(title, lines, SLACK_LIMITS.sectionText) });
  };
  list('Why', alert.reasons);
  list('Took points away', deductionsOf(alert));
  const trigger = triggerText(alert);
  if (trigger !== null) {
    blocks.push({ type: 'context', elements: [mrkdwn(trigger, SLACK_LIMITS.contextText)] });
  }
  blocks.push({ type: 'divider' });
  const draft = `Subject: ${alert.draft.subject}\n\n${alert.draft.body}`;
  blocks.push({ type: 'section', text: labelled('Suggested outreach', draft, SLACK_LIMITS.sectionText) });
  if (
    alert.leadUrl !== null &&
    /^https?:\/\//.test(alert.leadUrl) &&
    alert.leadUrl.length <= SLACK_LIMITS.buttonUrl
  ) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open lead' },
          url: alert.leadUrl,
          action_id: 'kindling_open_lead',
        },
      ],
    });
  }
  const footer = `${alert.definition.name} v${alert.definition.version} · as of ${utcText(alert.asOf)}`;
  blocks.push({ type: 'context', elements: [mrkdwn(footer, SLACK_LIMITS.contextText)] });

  const fallback = isEscalation(alert)
    ? headline
    : `${headline}: ${whoText(alert)}${alert.company === null ? '' : ` at ${alert.company}`}`;
  // The mention goes in the notification text too: that is what pings the owner.
  const mention = ownerMention(alert);
  return {
    text:
      (mention === null ? '' : `${mention} `) +
      fitText(fallback, SLACK_LIMITS.fallbackText - 30, escapeMrkdwn),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}

/** `<@U…>` for an owner with a Slack member id; the id is checked, so it cannot smuggle markup. */
export function ownerMention(alert: Alert): string | null {
  const id = alert.owner?.slackUserId;
  return typeof id === 'string' && /^[UW][A-Z0-9]{2,20}$/.test(id) ? `<@${id}>` : null;
}

function ownerField(alert: Alert): Mrkdwn {
  const mention = ownerMention(alert);
  const field = labelled('Owner', ownerText(alert), SLACK_LIMITS.fieldText - 30);
  return mention === null ? field : { type: 'mrkdwn', text: `${field.text} ${mention}` };
}

/** Slack renders `<!date^…>` in the reader's own time zone; the text after `|` is the fallback. */
function nextActionField(alert: Alert): Mrkdwn {
  const next = alert.nextAction;
  const at = next === null ? Number.NaN : Date.parse(next.dueAt);
  if (next === null || Number.isNaN(at))
    return labelled('Next action', nextActionText(alert), SLACK_LIMITS.fieldText);
  const due = ` — due <!date^${Math.floor(at / 1000)}^{date_short_pretty} {time}|${utcText(next.dueAt)}>`;
  const head = '*Next action*\n';
  return {
    type: 'mrkdwn',
    text: head + fitText(next.text, SLACK_LIMITS.fieldText - head.length - due.length, escapeMrkdwn) + due,
  };
}
