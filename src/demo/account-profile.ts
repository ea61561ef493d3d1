/**
 * Accounts: the firmographics a CRM or enrichment tool would hold, plus the latent intent that
 * drives everything the account does. Intent is never emitted; it only shows through behaviour.
 */
import { DOMAINS as FREE_MAIL } from 'free-email-domains-list';
import { rngFor, STREAM } from './prng.ts';
import {
  COUNTRIES,
  COUNTRY_WEIGHTS,
  type Country,
  INDUSTRIES,
  INDUSTRY_WEIGHTS,
  NAME_STEMS,
  NAME_TAILS,
  SALES_REPS,
  TLDS,
} from './vocabulary.ts';

export const PLANS = ['free', 'trial', 'team', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export interface AccountProfile {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly companySize: number;
  readonly industry: string;
  readonly country: Country;
  readonly plan: Plan;
  /** An existing paying customer (team or enterprise plan). */
  readonly customer: boolean;
  readonly crmOwnerEmail: string | null;
  readonly activeDeal: boolean;
  /** Latent buying intent in [0, 1]; most accounts are low, a minority high. */
  readonly intent: number;
  /** Days after the window start when the first member signs up. */
  readonly startDay: number;
}

export function accountId(index: number): string {
  return `acc_${String(index).padStart(6, '0')}`;
}

/**
 * Domains are unique by construction: index → a seed-dependent permutation of the stem × tail
 * grid, one grid per top-level domain, then numbered grids.
 */
export function accountDomain(seed: number, index: number): { name: string; domain: string } {
  const grid = NAME_STEMS.length * NAME_TAILS.length;
  const round = Math.floor(index / grid);
  // A stride coprime with the grid size makes `i → i·stride + offset (mod grid)` a permutation.
  let stride = (rngFor(seed, STREAM.account, -1).int(grid) | 1) % grid;
  while (gcd(stride, grid) !== 1) stride = (stride + 2) % grid;
  const offset = rngFor(seed, STREAM.account, -2).int(grid);
  const cell = ((index % grid) * stride + offset) % grid;
  const stem = NAME_STEMS[Math.floor(cell / NAME_TAILS.length)] ?? 'acme';
  const tail = NAME_TAILS[cell % NAME_TAILS.length] ?? 'works';
  const tld = TLDS[round % TLDS.length] ?? 'com';
  const number = round < TLDS.length ? '' : String(Math.floor(round / TLDS.length) + 1);
  // A few combinations are real free-mail providers; "hq" moves them off (no tail ends in "hq").
  let label = `${stem}${tail}${number}`;
  while (FREE_MAIL.has(`${label}.${tld}`)) label += 'hq';
  const name = `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  return { name, domain: `${label}.${tld}` };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export function accountProfile(input: { seed: number; index: number; days: number }): AccountProfile {
  const { seed, index, days } = input;
  const rng = rngFor(seed, STREAM.account, index);
  // Log-normal: median about 25 people, a long tail of large companies.
  const companySize = Math.min(100_000, Math.max(1, Math.round(Math.exp(3.2 + 1.5 * rng.normal()))));
  const industry = rng.weighted(INDUSTRIES, INDUSTRY_WEIGHTS);
  const country = rng.weighted(COUNTRIES, COUNTRY_WEIGHTS);
  const large = companySize >= 500;
  const plan = rng.weighted(PLANS, large ? [48, 30, 12, 10] : [60, 29, 9, 2]);
  const customer = plan === 'team' || plan === 'enterprise';
  // Squaring a uniform keeps most accounts shallow and a minority keen; ICP fit nudges it up.
  const fits = companySize >= 20 && companySize <= 5000 && industry !== 'Nonprofit';
  const intent = Math.min(1, rng.next() ** 2 + (fits ? 0.08 : 0));
  const ownerChance = customer ? 0.7 : large ? 0.45 : 0.12;
  const crmOwnerEmail = rng.chance(ownerChance) ? rng.pick(SALES_REPS) : null;
  const activeDeal = rng.chance(crmOwnerEmail === null ? 0.01 : 0.08);
  // Customers were already here before the window; everyone else arrives during it.
  const startDay = customer ? rng.between(0, days * 0.1) : rng.between(0, days * 0.9);
  const { name, domain } = accountDomain(seed, index);
  return {
    index,
    id: accountId(index),
    name,
    domain,
    companySize,
    industry,
    country,
    plan,
    customer,
    crmOwnerEmail,
    activeDeal,
    intent,
    startDay,
  };
}

/** The size an account reports: never fewer people than have signed up from it. */
export function reportedCompanySize(account: AccountProfile, members: number): number {
  return Math.max(account.companySize, members);
}
