/** Every feature's fixtures by name, for suites that run across all of them. */
import type { Fixture } from '../fixture.ts';
import { accountFixtures } from './accounts.ts';
import { adversarialFixtures } from './adversarial.ts';
import { distinctFixtures } from './distinct.ts';
import { filterFixtures } from './filters.ts';
import { gateFixtures } from './gates.ts';
import { handRaiserFixtures } from './hand-raisers.ts';
import { identityFixtures } from './identity-merge.ts';
import { nOfMFixtures } from './n-of-m.ts';
import { recencyFixtures } from './recency.ts';
import { roundingFixtures } from './rounding-and-cap.ts';
import { sumFixtures } from './sum.ts';
import { tierFixtures } from './tiers.ts';
import { traitFixtures } from './traits-as-of-time.ts';
import { windowFixtures } from './windows.ts';

export const allFeatures: Readonly<Record<string, readonly Fixture[]>> = {
  windows: windowFixtures,
  filters: filterFixtures,
  distinct: distinctFixtures,
  sum: sumFixtures,
  'traits-as-of-time': traitFixtures,
  'identity-merge': identityFixtures,
  accounts: accountFixtures,
  'n-of-m': nOfMFixtures,
  gates: gateFixtures,
  recency: recencyFixtures,
  'rounding-and-cap': roundingFixtures,
  tiers: tierFixtures,
  'hand-raisers': handRaiserFixtures,
  adversarial: adversarialFixtures,
};
