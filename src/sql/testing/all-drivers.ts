/**
 * Test support: one driver per engine. Postgres is the server named by KINDLING_TEST_POSTGRES_URL
 * (in a throw-away schema) when set, else embedded PGlite; DuckDB and ClickHouse are in-process.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DIALECT_ENTRIES } from '../dialects/registry.ts';
import type { SqlDriver } from '../driver.ts';

const environment = z
  .object({ KINDLING_TEST_POSTGRES_URL: z.string().url().optional() })
  .parse({ KINDLING_TEST_POSTGRES_URL: process.env.KINDLING_TEST_POSTGRES_URL || undefined });

export async function openAllDrivers(): Promise<SqlDriver[]> {
  const url = environment.KINDLING_TEST_POSTGRES_URL;
  const schema = `kindling_test_${randomUUID().replaceAll('-', '')}`;
  const drivers: SqlDriver[] = [];
  for (const entry of DIALECT_ENTRIES) {
    drivers.push(
      await entry.openDriver(url === undefined ? {} : { postgres: { url, schema, dropSchema: true } }),
    );
  }
  return drivers;
}
