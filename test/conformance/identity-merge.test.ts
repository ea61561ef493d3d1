import { identityFixtures } from './features/identity-merge.ts';
import { runFeature } from './harness.ts';

runFeature('identity-merge', identityFixtures);
