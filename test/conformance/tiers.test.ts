import { tierFixtures } from './features/tiers.ts';
import { runFeature } from './harness.ts';

runFeature('tiers', tierFixtures);
