import { gateFixtures } from './features/gates.ts';
import { runFeature } from './harness.ts';

runFeature('gates', gateFixtures);
