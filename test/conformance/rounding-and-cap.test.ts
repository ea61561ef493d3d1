import { roundingFixtures } from './features/rounding-and-cap.ts';
import { runFeature } from './harness.ts';

runFeature('rounding-and-cap', roundingFixtures);
