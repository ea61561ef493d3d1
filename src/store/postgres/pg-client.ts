/**
 * A `SqlClient` over a `pg` pool. Plain statements take any pooled connection; a transaction holds
 * one connection from BEGIN to COMMIT. Values are parsed into the plain shapes every back end
 * returns (see `lib/sql-client.ts`): 64-bit integers and NUMERIC as numbers, TIMESTAMP (stored in
 * UTC, no zone) as epoch milliseconds, JSON kept as its text.
 */
import pg from 'pg';
import type { SqlClient, SqlDatabase, SqlParam, SqlRow, SqlSession, StoreSql } from '../../lib/sql-client.ts';

export const POSTGRES_SQL: StoreSql = {
  at: (param) => `(to_timestamp(CAST($${param} AS DOUBLE PRECISION) / 1000.0) AT TIME ZONE 'UTC')`,
  ms: (expression) => `CAST(floor(extract(epoch FROM ${expression}) * 1000) AS BIGINT)`,
  anyOf: (expression, param) => `${expression} = ANY(CAST($${param} AS TEXT[]))`,
  jsonText: (expression, key) => `(CAST(${expression} AS JSON) ->> ${quoteText(key)})`,
  skipLocked: 'FOR UPDATE SKIP LOCKED',
  fromMs: (expression) =>
    `(to_timestamp(CAST(${expression} AS DOUBLE PRECISION) / 1000.0) AT TIME ZONE 'UTC')`,
  jsonMembers: (expression) =>
    `jsonb_each(CASE WHEN jsonb_typeof(CAST(${expression} AS JSONB)) = 'object' THEN CAST(${expression} AS JSONB) END)`,
  lockRows: 'FOR UPDATE',
};

const quoteText = (text: string): string => `'${text.replaceAll("'", "''")}'`;

const OID = {
  int8: 20,
  numeric: 1700,
  timestamp: 1114,
  timestamptz: 1184,
  date: 1082,
  json: 114,
  jsonb: 3802,
};

const toNumber = (text: string): number => Number(text);
const utcMs = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);

/** Per-pool parsers, so nothing global in `pg` changes for other users of the library. */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case OID.int8:
      case OID.numeric:
        return toNumber;
      case OID.timestamp:
      case OID.date:
        return utcMs;
      case OID.timestamptz:
        return (text: string) => Date.parse(text);
      case OID.json:
      case OID.jsonb:
        return (text: string) => text;
      default:
        return pg.types.getTypeParser(oid, format);
    }
  },
} as pg.CustomTypesConfig;

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

class PgClient implements SqlClient {
  readonly backend = 'postgres' as const;
  readonly sql = POSTGRES_SQL;

  constructor(
    protected readonly pool: pg.Pool,
    private readonly target: Queryable = pool,
    private readonly inTransaction = false,
  ) {}

  async query<R extends SqlRow = SqlRow>(text: string, params: readonly SqlParam[] = []): Promise<R[]> {
    const result = await this.target.query({ text, values: params as unknown[], types: TYPES });
    return result.rows as R[];
  }

  async run(text: string, params: readonly SqlParam[] = []): Promise<number> {
    const result = await this.target.query({ text, values: params as unknown[], types: TYPES });
    return result.rowCount ?? 0;
  }

  async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    const connection = await this.pool.connect();
    try {
      await connection.query('BEGIN');
      const result = await work(new PgClient(this.pool, connection, true));
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }
}

class PgSession extends PgClient implements SqlSession {
  async close(): Promise<void> {}
}

/** A PostgreSQL database as a `SqlDatabase`; sessions share the pool (its connections are the isolation). */
export class PgDatabase implements SqlDatabase {
  readonly backend = 'postgres' as const;
  readonly client: SqlClient;

  constructor(readonly pool: pg.Pool) {
    this.client = new PgClient(pool);
  }

  static connect(
    url: string,
    options: { readonly max?: number; readonly connectionTimeoutMillis?: number } = {},
  ): PgDatabase {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      types: TYPES,
      ...(options.connectionTimeoutMillis === undefined
        ? {}
        : { connectionTimeoutMillis: options.connectionTimeoutMillis }),
    });
    // An idle connection the server dropped (a restart, a failover) is discarded by the pool and the
    // next query opens a new one; without a listener the event would end the process.
    pool.on('error', () => undefined);
    return new PgDatabase(pool);
  }

  async session(): Promise<SqlSession> {
    return new PgSession(this.pool);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
