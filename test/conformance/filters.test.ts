import { filterFixtures } from './features/filters.ts';
import { runFeature } from './harness.ts';

runFeature('filters', filterFixtures);
