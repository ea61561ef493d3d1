import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { GIB, MIB } from '../../lib/byte-size.ts';
import { DuckDbStore } from './duckdb-store.ts';
import {
  defaultMemoryLimit,
  defaultServerMemoryLimit,
  memoryLimitSetting,
  SERVER_THREADS,
} from './memory-limit.ts';

const dir = tempDir();
afterAll(() => dir.remove());

describe('the DuckDB memory limit', () => {
  it('defaults to a quarter of RAM within 256 MiB–1 GiB', () => {
    expect(defaultMemoryLimit(512 * MIB)).toBe(256 * MIB);
    expect(defaultMemoryLimit(2 * GIB)).toBe(512 * MIB);
    expect(defaultMemoryLimit(24 * GIB)).toBe(GIB);
    expect(memoryLimitSetting(768 * MIB)).toBe(`${768 * MIB}B`);
  });

  it('defaults to an eighth of RAM within 256–512 MiB for a server, whose real-time state is in the JS heap', () => {
    expect(defaultServerMemoryLimit(1 * GIB)).toBe(256 * MIB);
    expect(defaultServerMemoryLimit(3 * GIB)).toBe(384 * MIB);
    expect(defaultServerMemoryLimit(24 * GIB)).toBe(512 * MIB);
  });

  it('is set when the data directory opens, with the threads asked for', async () => {
    const store = await DuckDbStore.open(join(dir.path, 'data'), Date.now, {
      memoryLimit: 300 * MIB,
      threads: SERVER_THREADS,
    });
    try {
      const setting = await store.database.client.query<{ limit_text: string; threads: number }>(
        "SELECT current_setting('memory_limit') AS limit_text, current_setting('threads') AS threads",
      );
      expect(setting[0]?.limit_text).toBe('300.0 MiB');
      expect(Number(setting[0]?.threads)).toBe(1);
    } finally {
      await store.close();
    }
  });
});
