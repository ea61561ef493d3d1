import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import { UserError } from '../lib/user-error.ts';
import { loadEnvFiles } from './env-file.ts';

const dir = tempDir();
afterEach(() => {
  delete process.env.KINDLING_ENV_FILE_TEST_A;
  delete process.env.KINDLING_ENV_FILE_TEST_B;
});

describe('loadEnvFiles', () => {
  it('reads .env in the working directory; the environment and --env-file win over it', () => {
    writeFileSync(
      join(dir.path, '.env'),
      'KINDLING_ENV_FILE_TEST_A=dotenv\nKINDLING_ENV_FILE_TEST_B=dotenv\n',
    );
    const named = join(dir.path, 'named.env');
    writeFileSync(named, 'KINDLING_ENV_FILE_TEST_A=named\n');
    process.env.KINDLING_ENV_FILE_TEST_B = 'shell';
    const rest = loadEnvFiles(['score', '--env-file', named, '--limit', '3'], dir.path);
    expect(rest).toEqual(['score', '--limit', '3']);
    expect(process.env.KINDLING_ENV_FILE_TEST_A).toBe('named');
    expect(process.env.KINDLING_ENV_FILE_TEST_B).toBe('shell');
  });

  it('refuses --env-file without a file, naming the flag', () => {
    expect(() => loadEnvFiles(['score', '--env-file'], dir.path)).toThrow(UserError);
    expect(() => loadEnvFiles(['--env-file', join(dir.path, 'none.env')], dir.path)).toThrow(/--env-file/);
  });
});
