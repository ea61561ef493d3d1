/**
 * Word lists the demo generator draws names and firmographics from. Plain data: list lengths are
 * part of the uniqueness arithmetic in `account-profile.ts`, so extend lists at the end, never
 * reorder them (reordering changes every seed's output).
 */

const words = (text: string): readonly string[] => text.trim().split(/\s+/);

export const NAME_STEMS = words(`
  bright north blue iron silver swift cedar harbor summit granite copper amber falcon maple orbit
  pine quartz river solar stone tidal vector willow zenith atlas beacon cobalt delta ember fern
  glacier horizon indigo juniper keystone lumen meadow nova onyx prairie radiant sable terra ultra
  vivid wave aspen birch crimson drift echo flint golden hollow ivory jade kite lattice mosaic
  nimbus opal pioneer quill redwood sierra thistle umber verdant wren yonder alder basalt canyon
  dune evergreen fjord grove heron isle lark
`);

export const NAME_TAILS = words(`
  forge labs works stack loop scale bridge point path line wise base craft flow logic metrics ops
  sight signal sync grid hub mark nest pilot pulse ridge shift spark field gate lane ledger mint
  port root scope vault yard view cloud data desk dock frame ware layer mind rise well
`);

/** Top-level domains, one per "round" of name combinations; later rounds add a number. */
export const TLDS = words('com io co ai dev app tech net');

export const INDUSTRIES = [
  'Software',
  'Financial Services',
  'Healthcare',
  'Retail',
  'Manufacturing',
  'Education',
  'Media',
  'Logistics',
  'Real Estate',
  'Consulting',
  'Telecommunications',
  'Nonprofit',
] as const;
export const INDUSTRY_WEIGHTS = [30, 12, 8, 9, 7, 6, 6, 5, 4, 7, 3, 3] as const;

export interface Country {
  readonly code: string;
  /** UTC offset, in hours, the working day is placed in. */
  readonly offsetHours: number;
}
export const COUNTRIES: readonly Country[] = [
  { code: 'US', offsetHours: -6 },
  { code: 'GB', offsetHours: 0 },
  { code: 'DE', offsetHours: 1 },
  { code: 'FR', offsetHours: 1 },
  { code: 'CA', offsetHours: -5 },
  { code: 'IN', offsetHours: 5.5 },
  { code: 'AU', offsetHours: 10 },
  { code: 'BR', offsetHours: -3 },
  { code: 'NL', offsetHours: 1 },
  { code: 'JP', offsetHours: 9 },
  { code: 'ES', offsetHours: 1 },
  { code: 'SE', offsetHours: 1 },
];
export const COUNTRY_WEIGHTS = [38, 10, 8, 5, 6, 8, 4, 5, 4, 3, 4, 4] as const;

export const FIRST_NAMES = words(`
  Ava Liam Maya Noah Zoe Ethan Priya Lucas Sofia Mateo Hana Omar Elena Jonas Aisha Leo Chloe Ravi
  Nora Felix Ines Kenji Lina Marco Sara Tomas Yara Daniel Mila Arjun Clara Hugo Amara Oscar Julia
  Wei Freya Diego Anya Samuel
`);

export const LAST_NAMES = words(`
  Reed Patel Kim Garcia Muller Nguyen Okafor Rossi Silva Tanaka Dubois Novak Larsen Cohen Ahmed
  Brown Schmidt Lopez Ivanova Walsh Haddad Jensen Moreau Sato Kowalski Fischer Costa Singh Evans Berg
`);

/** The vendor's own sales team: account owners and deal owners. */
export const SALES_REPS = words(`
  maya.reed@tinderbox.example jonas.berg@tinderbox.example priya.shah@tinderbox.example
  lucas.moreau@tinderbox.example nora.walsh@tinderbox.example omar.haddad@tinderbox.example
`);

/** Free-mail providers for personal sign-ups (all in the free-email-domains-list package). */
export const FREE_MAIL_DOMAINS = words('gmail.com yahoo.com outlook.com hotmail.com icloud.com proton.me');
export const FREE_MAIL_WEIGHTS = [55, 10, 12, 8, 10, 5] as const;

export const ROLES = words('engineer analyst manager marketer founder admin designer');
export const ROLE_WEIGHTS = [30, 25, 15, 10, 6, 8, 6] as const;
