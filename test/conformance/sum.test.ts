import { sumFixtures } from './features/sum.ts';
import { runFeature } from './harness.ts';

runFeature('sum', sumFixtures);
