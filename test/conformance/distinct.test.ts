import { distinctFixtures } from './features/distinct.ts';
import { runFeature } from './harness.ts';

runFeature('distinct', distinctFixtures);
