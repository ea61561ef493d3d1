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

  it('never prints a rejected key, only its length', () => {
    const secret = 'kw_leaked12';
    try {
      loadConfig({}, { KINDLING_WRITE_KEY: secret, KINDLING_ADMIN_KEY: 'ka_x' });
      expect.unreachable();
    } catch (error) {
      const text = (error as ConfigError).message;
      expect(text).toContain(
        'KINDLING_WRITE_KEY: must be at least 16 characters (got a value of 11 characters',
      );
      expect(text).not.toContain(secret);
      expect(text).not.toContain('ka_x');
    }
  });

  it('applies the definition file to the default workspace unless another is named', () => {
    expect(loadConfig({}, {}).definitionWorkspace).toBe('default');
    expect(loadConfig({}, { KINDLING_DEFINITION_WORKSPACE: 'acme' }).definitionWorkspace).toBe('acme');
  });
});

describe('the database URL', () => {
  it('is optional (the embedded data directory) and taken from the flag before the environment', () => {
    expect(loadConfig({}, {}).databaseUrl).toBeUndefined();
    const env = { KINDLING_DATABASE_URL: 'postgres://k:pw@db:5432/kindling' };
    expect(loadConfig({}, env).databaseUrl).toBe('postgres://k:pw@db:5432/kindling');
    expect(loadConfig({ databaseUrl: 'postgresql://other/db' }, env).databaseUrl).toBe(
      'postgresql://other/db',
    );
  });

  it('refuses what is not a postgres URL without printing its password', () => {
    try {
      loadConfig({}, { KINDLING_DATABASE_URL: 'mysql://root:hunter2@db/kindling' });
      expect.unreachable();
    } catch (error) {
      const text = (error as ConfigError).message;
      expect(text).toContain('--database-url / KINDLING_DATABASE_URL: must be a postgres://');
      expect(text).toContain('mysql://root:***@db/kindling');
      expect(text).not.toContain('hunter2');
    }
  });
});

describe('the memory limit', () => {
  it('is unset by default (the machine default) and read as bytes from the flag or the environment', () => {
    expect(loadConfig({}, {}).memoryLimit).toBeUndefined();
    expect(loadConfig({}, { KINDLING_MEMORY_LIMIT: '768MB' }).memoryLimit).toBe(768_000_000);
    expect(loadConfig({ memoryLimit: '1GiB' }, { KINDLING_MEMORY_LIMIT: '768MB' }).memoryLimit).toBe(2 ** 30);
  });

  it('refuses less than 128 MiB and text without a unit, naming the flag and the variable', () => {
    for (const [value, expected] of [
      ['64MiB', 'must be at least 128 MiB (64 MiB given)'],
      ['1024', 'must be a size with a unit'],
    ] as const) {
      try {
        loadConfig({ memoryLimit: value }, {});
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        const text = (error as ConfigError).message;
        expect(text).toContain('--memory-limit / KINDLING_MEMORY_LIMIT');
        expect(text).toContain(expected);
      }
    }
  });
});
