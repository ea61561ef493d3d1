import { adversarialFixtures } from './features/adversarial.ts';
import { runFeature } from './harness.ts';

runFeature('adversarial', adversarialFixtures);
