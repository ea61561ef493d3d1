import { nOfMFixtures } from './features/n-of-m.ts';
import { runFeature } from './harness.ts';

runFeature('n-of-m', nOfMFixtures);
