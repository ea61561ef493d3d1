/**
 * The top-level sections, in the order they are checked: later sections read what earlier ones
 * built (signals read lists; gates hoist into signals; tiers read the cap; routing reads tiers and
 * destinations). A new top-level
 * section is one module added here.
 */
import type { Fields } from '../schema/fields.ts';
import { crmSection } from './crm.ts';
import { destinationsSection } from './destinations.ts';
import { gatesSection } from './gates.ts';
import { handRaisersSection } from './hand-raisers.ts';
import { headerSection } from './header.ts';
import { listsSection } from './lists.ts';
import { pointsSection } from './points.ts';
import { recencySection } from './recency.ts';
import { routingSection } from './routing.ts';
import type { Section } from './section.ts';
import { signalsSection } from './signals.ts';
import { tiersSection } from './tiers.ts';

export const SECTIONS: readonly Section[] = [
  headerSection,
  listsSection,
  signalsSection,
  gatesSection,
  pointsSection,
  recencySection,
  handRaisersSection,
  tiersSection,
  destinationsSection,
  routingSection,
  crmSection,
];

/** Every top-level key, in the order the reference example writes them. */
export const TOP_LEVEL_FIELDS: Fields = Object.assign({}, ...SECTIONS.map((s) => s.fields));
