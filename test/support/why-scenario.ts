/**
 * The issue-11 scenario for the "why" of alerts, receipts and the lead queue: a lead scored
 * 70 + 20 − 30 through an unlabelled `any:` of inline items, a labelled signal, a pricing page and a
 * negative trait; and a hand-raiser whose only behaviour is a demo request worth no points.
 */

import type { DefinitionIR } from '../../src/definition/ir.ts';
import { loadDefinition } from '../../src/definition/load-definition.ts';
import { explainEntity } from '../../src/score/explain/explain-entity.ts';
import type { Receipt } from '../../src/score/explain/receipt.ts';
import { DAY, data, day, page, track, userTrait } from '../conformance/build.ts';

export const WHY_AS_OF = day(40);

const YAML = `kindling: 1
name: why-scenario
entity: user
signals:
  hit_free_tier_limit:
    any:
      - { event: Seat Limit Reached, within: 30d }
      - { event: Usage Limit Reached, within: 30d }
  pricing:
    event: $page
    where: { path: /pricing }
    within: 30d
  invites:
    label: Invited teammates
    event: Teammate Invited
    within: 30d
  personal_email:
    label: Personal e-mail address
    trait: email_domain
    in: [gmail.com]
  requested_demo:
    label: Requested a demo
    event: Demo Requested
    within: 30d
points:
  hit_free_tier_limit: 70
  invites: 20
  pricing: 5
  personal_email: -30
hand_raisers: [requested_demo]
tiers:
  low: 0
  pql: 50
`;

export function whyDefinition(): DefinitionIR {
  const loaded = loadDefinition(YAML, 'why-scenario.yml');
  if (loaded.ir === null) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.ir;
}

export const whyDataset = data({
  events: [
    track('u1', 'Seat Limit Reached', WHY_AS_OF - 2 * DAY),
    track('u1', 'Teammate Invited', WHY_AS_OF - 3 * DAY),
    page('u1', WHY_AS_OF - DAY, { path: '/pricing' }),
    track('u2', 'Demo Requested', WHY_AS_OF - 60_000),
  ],
  traits: [
    userTrait('u1', 'email_domain', 'gmail.com', null),
    userTrait('u1', 'first_name', 'Alice', null),
    userTrait('u2', 'email_domain', 'acme.example', null),
  ],
});

/** u1: 70 + 20 + 5 − 30 = 65 (pql); u2: a demo request alone, score 0 (low). */
export function whyReceipt(entityId: 'u1' | 'u2'): Receipt {
  const receipt = explainEntity(whyDefinition(), whyDataset, entityId, WHY_AS_OF);
  if (receipt === null) throw new Error(`${entityId} exists in the scenario`);
  return receipt;
}
