import { windowFixtures } from './features/windows.ts';
import { runFeature } from './harness.ts';

runFeature('windows', windowFixtures);
