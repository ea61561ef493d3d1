import { traitFixtures } from './features/traits-as-of-time.ts';
import { runFeature } from './harness.ts';

runFeature('traits-as-of-time', traitFixtures);
