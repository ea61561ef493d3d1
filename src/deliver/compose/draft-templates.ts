/**
 * Outreach templates: one per motion (expansion, hand-raiser, usage limit, nurture) and per common
 * kind of signal, overridable per signal name. Each follows the PQL first touch: acknowledge that
 * they use the product, name what they did, ask softly. A template must name the behaviour, so
 * `{behaviour}` or `{evidence}` is required in every body. `{behaviour}` is a clause with its subject
 * ("you requested a demo"), so it reads after "I noticed"; it never starts a sentence.
 */
import { z } from 'zod';

export interface DraftTemplate {
  readonly subject: string;
  readonly body: string;
}

/** By signal name or motion; the key `*` replaces the fallback for signals of no known kind. */
export type DraftTemplates = Readonly<Record<string, DraftTemplate>>;

/** `{signal}` is gone: a draft goes to a customer and never carries scoring internals. */
export const PLACEHOLDERS = [
  'first_name',
  'name',
  'company',
  'behaviour',
  'evidence',
  'when',
  'owner_name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER_PATTERN = /\{([a-z_]+)\}/g;

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1] ?? '');
}

export const draftTemplateSchema = z
  .object({ subject: z.string().min(1).max(200), body: z.string().min(1).max(5000) })
  .strict()
  .superRefine((template, ctx) => {
    for (const field of ['subject', 'body'] as const) {
      for (const name of placeholdersIn(template[field])) {
        if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `unknown placeholder {${name}}; use one of ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
          });
        }
      }
    }
    if (!/\{(behaviour|evidence)\}/.test(template.body)) {
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: 'must name the behaviour with {behaviour} or {evidence}',
      });
    }
  });

export const draftTemplatesSchema = z.record(z.string().min(1), draftTemplateSchema);

export type SignalKind =
  | 'expansion'
  | 'nurture'
  | 'hand_raise'
  | 'limit'
  | 'team'
  | 'buying'
  | 'integration'
  | 'premium'
  | 'usage'
  | 'other';

/** First match wins: a demo request is a hand-raise even when it mentions pricing. */
const KIND_PATTERNS: readonly (readonly [SignalKind, RegExp])[] = [
  ['hand_raise', /demo|contact[_ -]?sales|talk[_ -]?to|request|hand[_ -]?rais/],
  ['limit', /limit|quota|cap\b|capacity|exceed|overage|paywall/],
  ['team', /invite|teammate|seat|member|collaborat|team/],
  ['buying', /pricing|checkout|billing|upgrade|plan|purchase|cart|payment/],
  ['integration', /integrat|\bapi\b|api[_ -]|webhook|connect|install|sso|import/],
  ['premium', /premium|enterprise|pro[_ -]feature|advanced|trial|feature/],
  ['usage', /active|usage|session|days|daily|weekly|streak|power/],
];

export function signalKind(signal: string, text: string): SignalKind {
  const haystack = `${signal} ${text}`.toLowerCase();
  return KIND_PATTERNS.find(([, pattern]) => pattern.test(haystack))?.[0] ?? 'other';
}

/** The motion a routing rule stands for, read from its name and the owner's team. */
const MOTIONS: readonly (readonly [SignalKind, RegExp])[] = [
  [
    'expansion',
    /expan|upsell|up-sell|cross[_ -]?sell|renew|existing|customer|csm|success|account[_ -]?manag/,
  ],
  ['hand_raise', /hand[_ -]?rais|demo|contact[_ -]?sales|request/],
  ['nurture', /nurture|digest|self[_ -]?serve|drip|warm|cold/],
  ['limit', /limit|quota|overage|capacity/],
];

export interface MotionFacts {
  readonly rule: string | null;
  readonly team: string | null;
  readonly handRaiser: boolean;
}

/**
 * Expansion first (an existing customer who raises a hand is still an expansion talk), then a
 * raised hand, then what the rule's name says; null leaves the choice to the signal.
 */
export function draftMotion(facts: MotionFacts): SignalKind | null {
  const rule = `${facts.rule ?? ''} ${facts.team ?? ''}`.toLowerCase();
  const named = MOTIONS.find(([, pattern]) => pattern.test(rule))?.[0] ?? null;
  if (named === 'expansion') return named;
  return facts.handRaiser ? 'hand_raise' : named;
}

const SIGN_OFF = '\n\n{owner_name}';

export const DEFAULT_TEMPLATES: Readonly<Record<SignalKind, DraftTemplate>> = {
  expansion: {
    subject: 'Helping {company} grow with the product',
    body: `Hi {first_name},\n\nThank you for being a customer. I noticed {behaviour} {when}, which often means the current setup at {company} has room to grow.\n\nIf it would help, I can walk you through the options for adding people or capacity, with no commitment. Just reply with what your team needs next.${SIGN_OFF}`,
  },
  nurture: {
    subject: 'A few ideas for getting more from the product',
    body: `Hi {first_name},\n\nThanks for using the product at {company}. I noticed {behaviour} {when}, so here is a tip: most teams get the most value once a few colleagues join them and share their work.\n\nIf a question comes up along the way, just reply to this email and I will help.${SIGN_OFF}`,
  },
  hand_raise: {
    subject: 'Following up on your request',
    body: `Hi {first_name},\n\nThanks for getting in touch. I saw {behaviour} {when}, so I wanted to make sure you hear from a real person rather than a queue.\n\nTell me what you would like to cover and I will shape the time around it, or we can keep it to email if that suits you better.${SIGN_OFF}`,
  },
  limit: {
    subject: 'Room to grow at {company}',
    body: `Hi {first_name},\n\nGood to see {company} getting so much out of the product. I noticed {behaviour} {when}, which usually means the current plan is starting to pinch.\n\nIf it would help, I can lay out the options for more headroom, no commitment needed. Just reply and I will send the details.${SIGN_OFF}`,
  },
  team: {
    subject: 'Your team is growing',
    body: `Hi {first_name},\n\nIt looks like the product is becoming a team habit at {company}: I noticed {behaviour} {when}.\n\nWhen more people join, admin controls and shared setup start to matter. If you want, I can share how other teams your size set things up. Happy to answer questions over email too.${SIGN_OFF}`,
  },
  buying: {
    subject: 'Questions about plans?',
    body: `Hi {first_name},\n\nThanks for using the product at {company}. I noticed {behaviour} {when}, so you may be weighing which plan fits.\n\nIf a quick answer on pricing, billing or limits would save you time, just reply with what you are comparing and I will get back to you today.${SIGN_OFF}`,
  },
  integration: {
    subject: 'Your setup at {company}',
    body: `Hi {first_name},\n\nNice work wiring the product into your stack at {company}. I noticed {behaviour} {when}.\n\nIntegrations are where small snags cost the most time. If anything is fiddly, reply here and I will put you in touch with the right engineer.${SIGN_OFF}`,
  },
  premium: {
    subject: 'Getting more from the advanced features',
    body: `Hi {first_name},\n\nThanks for exploring the product at {company}. I saw {behaviour} {when}.\n\nIf you are deciding whether those features are worth it for your team, I am glad to share how others use them, or extend access while you try them properly.${SIGN_OFF}`,
  },
  usage: {
    subject: 'Thanks for sticking with us',
    body: `Hi {first_name},\n\nThanks for being one of our most active teams lately. I noticed {behaviour} {when}.\n\nI would love to hear what is working and what is in your way. If a short chat would help, reply with a time; if not, no worries at all.${SIGN_OFF}`,
  },
  other: {
    subject: 'A quick note about the product',
    body: `Hi {first_name},\n\nThanks for using the product at {company}. I noticed {behaviour} {when}.\n\nIf there is anything that would make the next step easier, reply and I will help however I can.${SIGN_OFF}`,
  },
};
