/**
 * The demo data generator's entry point. Deterministic: the same options give the same values in
 * the same order. Streams: only one account's plan and one person's messages are in memory at
 * a time, so ten million events cost no more memory than ten thousand.
 *
 * Order of `messages()`: account by account (by index), within an account member by member (in
 * join order), then the personal sign-ups; each person's messages are in timestamp order, but
 * the stream as a whole is not globally sorted by time.
 */

import { planAccount, planSoloUser } from './account-plan.ts';
import { type Plan, reportedCompanySize } from './account-profile.ts';
import { type DemoOptions, type ResolvedDemoOptions, resolveDemoOptions } from './demo-options.ts';
import type { OutcomeRow } from './outcome-model.ts';
import { buildPopulation, type Population } from './population.ts';
import type { DemoMessage } from './segment-message.ts';
import { memberMessages } from './user-timeline.ts';

/**
 * An account as a CRM or enrichment export shows it at the start of the window. Changes during
 * the window (plan upgrades) arrive as time-stamped `group` calls instead, so these rows never
 * reveal an outcome to a scorer.
 */
export interface AccountTraitRow {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly company_size: number;
  readonly industry: string;
  readonly country: string;
  readonly plan: Plan;
  readonly crm_owner_email: string | null;
  readonly active_deal: boolean;
  readonly customer: boolean;
}

export interface DemoData {
  readonly options: ResolvedDemoOptions;
  readonly population: Population;
  messages(): Generator<DemoMessage>;
  accountTraits(): Generator<AccountTraitRow>;
  outcomes(): Generator<OutcomeRow>;
}

export function generateDemo(input: DemoOptions): DemoData {
  const options = resolveDemoOptions(input);
  const population = buildPopulation(options);
  return {
    options,
    population,
    *messages() {
      for (let index = 0; index < population.accounts.length; index++) {
        const plan = planAccount(options, population, index);
        for (const member of plan.members) yield* memberMessages(options, plan, member);
      }
      for (let k = 0; k < population.freeMailUsers; k++) {
        const plan = planSoloUser(options, population.corporateUsers + k);
        for (const member of plan.members) yield* memberMessages(options, plan, member);
      }
    },
    *accountTraits() {
      for (const account of population.accounts) {
        yield {
          id: account.id,
          name: account.name,
          domain: account.domain,
          company_size: reportedCompanySize(account, population.memberCounts[account.index] ?? 0),
          industry: account.industry,
          country: account.country.code,
          plan: account.plan,
          crm_owner_email: account.crmOwnerEmail,
          active_deal: account.activeDeal,
          customer: account.customer,
        };
      }
    },
    *outcomes() {
      for (let index = 0; index < population.accounts.length; index++) {
        yield* planAccount(options, population, index).outcomes;
      }
    },
  };
}
