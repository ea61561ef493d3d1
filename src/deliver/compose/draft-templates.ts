/**
 * Outreach templates: one per common kind of signal, overridable per signal name. Each follows the
 * PQL first touch: acknowledge that they use the product, name what they did, ask softly. A template
 * must name the behaviour, so `{behaviour}` or `{evidence}` is required in every body.
 */
import { z } from 'zod';

export interface DraftTemplate {
  readonly subject: string;
  readonly body: string;
}

/** By signal name; the key `*` replaces the fallback for signals of no known kind. */
export type DraftTemplates = Readonly<Record<string, DraftTemplate>>;

export const PLACEHOLDERS = [
  'first_name',
  'name',
  'company',
  'behaviour',
  'evidence',
  'signal',
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

export const DEFAULT_TEMPLATES: Readonly<Record<SignalKind, DraftTemplate>> = {
  hand_raise: {
    subject: 'Following up on your request, {first_name}',
    body: 'Hi {first_name},\n\nThanks for reaching out from {company}. I saw {behaviour} ({evidence}), so I wanted to make sure it lands with a real person rather than a queue.\n\nTell me what you would like to cover and I will shape the time around it, or we can keep it to email if that suits you better.\n\n{owner_name}',
  },
  limit: {
    subject: 'Room to grow at {company}',
    body: 'Hi {first_name},\n\nGood to see {company} getting so much out of the product. I noticed {behaviour} ({evidence}), which usually means the current plan is starting to pinch.\n\nIf it would help, I can lay out the options for more headroom, no commitment needed. Just reply and I will send the details.\n\n{owner_name}',
  },
  team: {
    subject: 'Your team is growing on {company}',
    body: 'Hi {first_name},\n\nIt looks like the product is becoming a team habit at {company}: {behaviour} ({evidence}).\n\nWhen more people join, admin controls and shared setup start to matter. If you want, I can share how other teams your size set things up. Happy to answer questions over email too.\n\n{owner_name}',
  },
  buying: {
    subject: 'Questions about plans, {first_name}?',
    body: 'Hi {first_name},\n\nThanks for using the product at {company}. I noticed {behaviour} ({evidence}), so you may be weighing which plan fits.\n\nIf a quick answer on pricing, billing or limits would save you time, just reply with what you are comparing and I will get back to you today.\n\n{owner_name}',
  },
  integration: {
    subject: 'Your {company} setup',
    body: 'Hi {first_name},\n\nNice work wiring the product into your stack at {company}: {behaviour} ({evidence}).\n\nIntegrations are where small snags cost the most time. If anything is fiddly, reply here and I will put you in touch with the right engineer.\n\n{owner_name}',
  },
  premium: {
    subject: 'Getting more from the advanced features',
    body: 'Hi {first_name},\n\nThanks for exploring the product at {company}. I saw {behaviour} ({evidence}).\n\nIf you are deciding whether those features are worth it for your team, I am glad to share how others use them, or extend access while you try them properly.\n\n{owner_name}',
  },
  usage: {
    subject: 'Thanks for sticking with us, {first_name}',
    body: 'Hi {first_name},\n\n{company} has been one of our most active teams lately: {behaviour} ({evidence}).\n\nI would love to hear what is working and what is in your way. If a short chat would help, reply with a time; if not, no worries at all.\n\n{owner_name}',
  },
  other: {
    subject: 'A note about your {company} workspace',
    body: 'Hi {first_name},\n\nThanks for using the product at {company}. I noticed {behaviour} ({evidence}).\n\nIf there is anything that would make the next step easier, reply and I will help however I can.\n\n{owner_name}',
  },
};
