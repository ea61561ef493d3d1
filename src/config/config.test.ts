import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses defaults, then environment, then flags', () => {
    expect(loadConfig({}, {})).toMatchObject({ dataDir: './.kindling', port: 7300, domainAccounts: false });
    expect(loadConfig({}, { KINDLING_PORT: '8000', KINDLING_DOMAIN_ACCOUNTS: 'true' })).toMatchObject({
      port: 8000,
      domainAccounts: true,
    });
    expect(loadConfig({ port: '9000' }, { KINDLING_PORT: '8000' }).port).toBe(9000);
  });

  it('lists every bad value at once, naming flag and variable', () => {
    try {
      loadConfig({ port: 'eighty' }, { KINDLING_WRITE_KEY: 'short', KINDLING_LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('--port / KINDLING_PORT');
      expect(problems).toContain('KINDLING_WRITE_KEY');
      expect(problems).toContain('KINDLING_LOG_LEVEL');
    }
  });
});
