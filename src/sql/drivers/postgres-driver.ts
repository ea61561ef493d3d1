/**
 * Postgres through `pg` when a server URL is given, else embedded PGlite (same dialect), so the
 * Postgres path runs on a machine without a server. `schema` isolates one user of a shared
 * server: it is created, put first on the search path, and dropped on close when `dropSchema`.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PostgresDialect } from '../dialects/postgres-dialect.ts';
import type { SqlDriver } from '../driver.ts';
import type { ResultRow } from '../map-score-rows.ts';
import { queryUnderScoringSettings } from './scoring-settings.ts';

export interface PostgresDriverOptions {
  /** `postgres://…`; omitted means embedded PGlite in memory. */
  readonly url?: string;
  readonly schema?: string;
  readonly dropSchema?: boolean;
}

type Runner = {
  run(sql: string): Promise<readonly ResultRow[]>;
  end(): Promise<void>;
};

export async function createPostgresDriver(options: PostgresDriverOptions = {}): Promise<SqlDriver> {
  const dialect = new PostgresDialect();
  const runner = options.url === undefined ? await pglite() : await server(options.url);
  const schema = options.schema;
  if (schema !== undefined) {
    await runner.run(`CREATE SCHEMA IF NOT EXISTS ${dialect.identifier(schema)}`);
    await runner.run(`SET search_path TO ${dialect.identifier(schema)}`);
  }
  return {
    dialect,
    async execute(sql) {
      await runner.run(sql);
    },
    query: (sql) => runner.run(sql),
    async scoringQuery(sql) {
      // This driver's connection is its own: the scoring query gets a transaction of its own.
      await runner.run('BEGIN');
      try {
        const rows = await queryUnderScoringSettings(dialect, (text) => runner.run(text), sql);
        await runner.run('COMMIT');
        return rows;
      } catch (error) {
        await runner.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async close() {
      if (schema !== undefined && options.dropSchema === true) {
        await runner.run(`DROP SCHEMA IF EXISTS ${dialect.identifier(schema)} CASCADE`);
      }
      await runner.end();
    },
  };
}

async function pglite(): Promise<Runner> {
  const db = new PGlite();
  await db.waitReady;
  return {
    async run(sql) {
      const result = await db.query<ResultRow>(sql);
      return result.rows;
    },
    end: () => db.close(),
  };
}

async function server(url: string): Promise<Runner> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async run(sql) {
      const result = await client.query<ResultRow>(sql);
      return result.rows;
    },
    end: () => client.end(),
  };
}
