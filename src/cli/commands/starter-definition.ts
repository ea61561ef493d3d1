/** The starter definition `kindling init` writes: small, valid, and commented for a first read. */
export const STARTER_DEFINITION = `# yaml-language-server: $schema=./node_modules/kindling/schemas/kindling.schema.json
# A PQL definition: which users or accounts are worth a sales conversation now, and why.
# Validate with: kindling validate kindling.yml
kindling: 1
name: starter-pql
entity: account            # score accounts (product-qualified accounts); use "user" for single users
description: Accounts that activated, spread to a team, and show buying intent.

signals:
  connected_data:          # a signal is a named condition over events in a time window
    label: Connected a data source
    event: Data Source Connected
    within: 14d
  invited_team:
    label: Invited 2+ teammates
    event: Teammate Invited
    within: 14d
    at_least: 2
  pricing_interest:
    label: Viewed pricing 3+ times this week
    event: $page
    where: { path: /pricing }
    within: 7d
    at_least: 3
  team_adoption:
    label: 3+ active users
    distinct: user
    within: 14d
    at_least: 3
  demo_requested:
    label: Requested a demo
    event: Demo Requested
    within: 30d

gates:
  activation: connected_data   # without activation, the score is 0 whatever else happened

points:
  invited_team: 30
  team_adoption: 25
  pricing_interest: 20

recency:                       # scale points by how recently the account was active
  - { within: 7d, multiply: 1.0 }
  - { within: 30d, multiply: 0.5 }
  - { otherwise: 0.1 }

hand_raisers: [demo_requested] # qualifies regardless of score

tiers:                         # name: minimum score, ascending
  cold: 0
  warm: 26
  hot: 51
  burning: 76
`;
