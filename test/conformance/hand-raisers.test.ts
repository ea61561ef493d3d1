import { handRaiserFixtures } from './features/hand-raisers.ts';
import { runFeature } from './harness.ts';

runFeature('hand-raisers', handRaiserFixtures);
