/**
 * The field tables of `routing:`: every map it holds, its keys and the schema of each value. The
 * validator checks against them and the JSON Schema is generated from them (as for the scoring
 * sections). Maps whose insides are checked by hand carry a `documented` schema for the JSON Schema.
 */
import { z } from 'zod';
import { COMPARISON_FIELDS, operatorObjectSchema } from '../schema/comparisons.ts';
import { field, fieldsSchema, scalar } from '../schema/fields.ts';
import { DURATION, LIST_REF, SIGNAL_NAME } from '../schema/patterns.ts';

/** `18:00`: hours 00–23 and minutes, 24-hour clock. */
export const TIME_OF_DAY = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
/** Deliberately loose: one `@`, no spaces, a dot in the domain. Delivery checks the rest. */
export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const SAME_DAY = 'same_day';
/** `4 business hours`, `1 business day`: open time on `routing.calendar`. */
export const BUSINESS_DURATION = /^([1-9][0-9]{0,3}) business (hour|day)s?$/;
/** `09:00-18:00`: opening and closing time, same day. */
export const OPEN_HOURS = /^(([01][0-9]|2[0-3]):[0-5][0-9]) ?- ?(([01][0-9]|2[0-4]):[0-5][0-9])$/;
/** `2026-12-25`: a local date. */
export const ISO_DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
/** Weekday names in `Date.getUTCDay()` order. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** Slack member ids: `U0123ABCD` (or `W…` on Enterprise Grid). */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;
export const NEXT_IN_TEAM = 'next_in_team';

const map = z.record(z.string(), z.unknown());
const destinationList = z.array(z.string().min(1));

const timeOfDay = (what: string) =>
  field(z.string().regex(TIME_OF_DAY), `a time of day such as 18:00 (24-hour HH:MM): ${what}`, {
    hint: 'Write the time as HH:MM on a 24-hour clock, such as 09:00 or 18:30.',
  });

export const timezoneField = field(z.string().min(1), 'an IANA time zone such as Europe/Paris or UTC', {
  code: 'bad-time-zone',
});

export const slaField = field(
  z.union([z.string().regex(DURATION), z.literal(SAME_DAY), z.string().regex(BUSINESS_DURATION)]),
  'a duration such as 4h or 24h, same_day, or business time such as 4 business hours or 1 business day',
  {
    code: 'bad-duration',
    hint: 'Write a duration such as 30m, 4h or 2d (wall clock), `same_day`, or `8 business hours` / `2 business days` (open hours of routing.calendar).',
  },
);

const slackUserIdField = field(z.string().regex(SLACK_USER_ID), 'a Slack member id such as U024BE7LH', {
  code: 'bad-value',
  hint: "Copy the member id from the person's Slack profile (⋮ → Copy member ID); it starts with U or W.",
});

const durationField = (what: string) =>
  field(z.string().regex(DURATION), `a duration such as 14d: ${what}`, { code: 'bad-duration' });

const teamName = z.string().regex(SIGNAL_NAME);
const email = z.string().regex(EMAIL);

// ---- conditions -------------------------------------------------------------------------------

const traitComparison = z.union([scalar, operatorObjectSchema]);

export const conditionSchema: z.ZodType = z
  .strictObject({
    tier: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    hand_raiser: z.boolean().optional(),
    score: operatorObjectSchema.optional(),
    traits: z.record(z.string().min(1), traitComparison).optional(),
    get any() {
      return z.array(conditionSchema).min(1).optional();
    },
    get all() {
      return z.array(conditionSchema).min(1).optional();
    },
    get not() {
      return conditionSchema.optional();
    },
  })
  .meta({
    id: 'RoutingCondition',
    description: 'Every key written must hold; an empty map holds for every lead.',
  });

/** A fresh reference each use: `.describe()` on the shared schema itself makes zod emit a stray def. */
const conditionRef = () => z.lazy(() => conditionSchema);
const ownerRef = () => z.lazy(() => ownerSchema);

export const CONDITION_FIELDS = {
  tier: field(z.union([z.string(), z.array(z.string())]), 'a tier name or a list of tier names'),
  hand_raiser: field(z.boolean(), 'true or false'),
  score: field(map, 'one comparison such as `{ gte: 80 }`', { documented: operatorObjectSchema }),
  traits: field(map, 'a map from trait name to a value or one comparison', {
    documented: z.record(z.string().min(1), traitComparison),
  }),
  any: field(z.array(z.unknown()).min(1), 'a non-empty list of conditions, one of which must hold'),
  all: field(z.array(z.unknown()).min(1), 'a non-empty list of conditions, all of which must hold'),
  not: field(map, 'a condition that must not hold'),
} as const;

// ---- owners -----------------------------------------------------------------------------------

export const ownerSchema: z.ZodType = z
  .union([
    teamName.describe('a team name: round robin within that team'),
    z.strictObject({ team: teamName }),
    z.strictObject({ email, name: z.string().optional(), team_label: z.string().optional() }),
    z
      .strictObject({
        trait: z.string().min(1),
        name_trait: z.string().min(1).optional(),
        slack_user_id_trait: z.string().min(1).optional(),
        team_label: z.string().optional(),
        otherwise: z.lazy(() => ownerSchema).optional(),
      })
      .meta({ id: 'RoutingTraitOwner' }),
    z
      .strictObject({
        territory: z.string().min(1),
        map: z.array(
          z.strictObject({
            in: z.union([z.array(scalar).min(1), z.string().regex(LIST_REF)]),
            owner: z.lazy(() => ownerSchema),
          }),
        ),
        otherwise: z.lazy(() => ownerSchema).optional(),
      })
      .meta({ id: 'RoutingTerritoryOwner' }),
  ])
  .meta({
    id: 'RoutingOwner',
    description: 'A team (round robin), a person (email), a trait holding an e-mail, or a territory.',
  });

const ownerField = (what: string) =>
  field(z.union([z.string(), map]), `a team name or an owner map: ${what}`, { documented: ownerRef() });

/** The key that picks an owner's form, in the order they win when several are written. */
export const OWNER_FORM_KEYS = ['trait', 'territory', 'email', 'team'] as const;
export type OwnerForm = (typeof OWNER_FORM_KEYS)[number];

export const OWNER_FORMS = {
  team: { team: field(teamName, 'a team name under routing.teams', { required: true, code: 'bad-name' }) },
  email: {
    email: field(email, 'an e-mail address', { required: true, code: 'bad-value' }),
    name: field(z.string(), "the person's name"),
    team_label: field(z.string(), 'the team shown with the owner, such as AE'),
  },
  trait: {
    trait: field(z.string().min(1), 'the trait holding the owner e-mail', { required: true }),
    name_trait: field(z.string().min(1), "the trait holding the owner's name"),
    slack_user_id_trait: field(z.string().min(1), "the trait holding the owner's Slack member id"),
    team_label: field(z.string(), 'the team shown with the owner, such as CSM'),
    otherwise: ownerField('who owns the lead when the trait is unset'),
  },
  territory: {
    territory: field(z.string().min(1), 'the trait whose value picks the owner', { required: true }),
    map: field(z.array(z.unknown()).min(1), 'a non-empty list of `{ in: [values], owner: … }`', {
      required: true,
    }),
    otherwise: ownerField('who owns the lead when no entry holds its value'),
  },
} as const;

export const TERRITORY_ENTRY_FIELDS = {
  in: field(
    z.union([z.array(scalar).min(1), z.string().regex(LIST_REF)]),
    'a non-empty list of trait values or a $list reference',
    { required: true, code: 'comparison-mismatch' },
  ),
  owner: { ...ownerField('the owner of leads with these values'), required: true },
} as const;

// ---- teams ------------------------------------------------------------------------------------

export const MEMBER_FIELDS = {
  email: field(email, 'an e-mail address', { required: true, code: 'bad-value' }),
  name: field(z.string(), "the person's name"),
  timezone: { ...timezoneField, expected: `${timezoneField.expected}: their business clock runs there` },
  slack_user_id: slackUserIdField,
} as const;

const memberSchema = z.union([email, fieldsSchema(MEMBER_FIELDS)]);

export const TEAM_FIELDS = {
  label: field(z.string().min(1), 'the team shown with its owners, such as AE (default: the team name)'),
  members: field(z.array(z.unknown()).min(1), 'a non-empty list of e-mail addresses or `{ email, name }`', {
    required: true,
    documented: z.array(memberSchema).min(1),
  }),
  max_open: field(z.int().min(1), 'a whole number ≥ 1: the most open leads one member holds', {
    code: 'bad-value',
  }),
  when_full: ownerField('who owns the lead when every member is at max_open (default: unassigned)'),
} as const;

// ---- rules ------------------------------------------------------------------------------------

export const ESCALATE_FIELDS = {
  after: durationField('how long after the SLA due time to escalate (default: at once)'),
  to: field(z.union([z.string(), map]), `${NEXT_IN_TEAM}, a team name or an owner map`, {
    documented: z.union([z.literal(NEXT_IN_TEAM), ownerRef()]),
  }),
  notify: field(destinationList, 'a list of destination names alerted on a breach'),
  sla: slaField,
} as const;

export const RULE_FIELDS = {
  name: field(z.string().regex(SIGNAL_NAME), 'a rule name of lowercase letters, digits and underscores', {
    required: true,
    code: 'bad-name',
  }),
  when: field(map, 'a condition (no `when` matches every lead)', { documented: conditionRef() }),
  owner: ownerField('who owns the leads this rule routes'),
  notify: field(destinationList, 'a list of destination names alerted at once'),
  digest: field(destinationList, "a list of destination names whose daily digest lists this rule's leads"),
  sla: slaField,
  next_action: field(z.string().min(1), 'the next action in plain words, such as "Call within 4 hours"'),
  escalate: field(map, 'what happens on an SLA breach', { documented: fieldsSchema(ESCALATE_FIELDS) }),
} as const;

// ---- suppression ------------------------------------------------------------------------------

export const CHURNED_FIELDS = {
  within: { ...durationField('a churn this recent suppresses'), required: true },
  date_trait: field(z.string().min(1), 'a trait holding the churn time (ISO-8601 or epoch ms)'),
  when: field(map, 'a condition meaning recently churned (e.g. a CRM flag)', { documented: conditionRef() }),
} as const;

export const SUPPRESS_FIELDS = {
  do_not_contact: field(z.boolean(), 'true or false: honour the do-not-contact list (default true)'),
  competitors: field(
    z.union([z.array(z.string().min(1)), z.string().regex(LIST_REF)]),
    'a list of domains or a $list reference',
    { code: 'comparison-mismatch' },
  ),
  personal_email: field(z.boolean(), 'true or false: suppress free-mail addresses unless hand-raisers'),
  active_deal: field(map, 'a condition meaning the account is in an active deal', {
    documented: conditionRef(),
  }),
  churned: field(map, '`{ within: 90d }`, optionally with `date_trait` or `when`', {
    documented: fieldsSchema(CHURNED_FIELDS),
  }),
} as const;

// ---- the business calendar --------------------------------------------------------------------

export const CALENDAR_FIELDS = {
  timezone: { ...timezoneField, expected: `${timezoneField.expected} (default: routing.timezone)` },
  workdays: field(
    z.array(z.enum(WEEKDAYS)).min(1),
    `a non-empty list of weekdays (${WEEKDAYS.join(', ')}); default mon to fri`,
    { code: 'bad-value', hint: 'Write the days as [mon, tue, wed, thu, fri].' },
  ),
  hours: field(z.string().regex(OPEN_HOURS), 'opening hours such as "09:00-18:00" (24-hour HH:MM-HH:MM)', {
    required: true,
    code: 'bad-value',
    hint: 'Write the hours as "09:00-18:00": opening, a dash, closing, on the same day.',
  }),
  holidays: field(z.array(z.string().regex(ISO_DATE)), 'a list of dates such as 2026-12-25 (YYYY-MM-DD)', {
    code: 'bad-value',
    hint: 'Write each holiday as YYYY-MM-DD, such as [2026-12-24, 2026-12-25].',
  }),
} as const;

// ---- the section ------------------------------------------------------------------------------

export const ROUTING_FIELDS = {
  timezone: timezoneField,
  day_ends_at: timeOfDay('when same_day SLAs fall due without a calendar (default 18:00)'),
  calendar: field(map, 'a business calendar: `{ timezone, workdays, hours, holidays }`', {
    documented: fieldsSchema(CALENDAR_FIELDS),
  }),
  digest_at: timeOfDay('when daily digests go out (default 09:00)'),
  cooldown: field(
    z.union([z.string().regex(DURATION), z.literal('off')]),
    'a duration such as 14d, or off (default 14d)',
    { code: 'bad-duration' },
  ),
  suppress: field(map, 'a map of suppression rules', { documented: fieldsSchema(SUPPRESS_FIELDS) }),
  teams: field(map, 'a map from team name to team', {
    documented: z.record(teamName, fieldsSchema(TEAM_FIELDS)),
  }),
  rules: field(z.array(z.unknown()).min(1), 'a non-empty list of rules, tried in order', {
    required: true,
    documented: z.array(fieldsSchema(RULE_FIELDS)).min(1),
  }),
} as const;

/** The comparisons a trait or score condition accepts: the definition language's own. */
export const CONDITION_OPS = Object.keys(COMPARISON_FIELDS);
