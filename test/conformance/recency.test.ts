import { recencyFixtures } from './features/recency.ts';
import { runFeature } from './harness.ts';

runFeature('recency', recencyFixtures);
