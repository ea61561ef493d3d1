import { accountFixtures } from './features/accounts.ts';
import { runFeature } from './harness.ts';

runFeature('accounts', accountFixtures);
