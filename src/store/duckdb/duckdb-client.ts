/**
 * A `SqlClient` over one DuckDB connection. A connection runs one statement at a time, so calls are
 * queued in call order; a transaction holds the queue until it commits or rolls back, and the
 * statements inside it go straight to the connection through the client it is given. Statements
 * with parameters are prepared once per connection and reused (prepared-statements.ts); those
 * without run as they are, in one trip.
 */
import {
  type DuckDBConnection,
  DuckDBDateValue,
  DuckDBDecimalValue,
  type DuckDBInstance,
  DuckDBListValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import type {
  SqlClient,
  SqlDatabase,
  SqlParam,
  SqlRow,
  SqlSession,
  SqlValue,
  StoreSql,
} from '../../lib/sql-client.ts';
import { connect } from './attached-databases.ts';
import { PreparedStatements } from './prepared-statements.ts';

export const DUCKDB_SQL: StoreSql = {
  at: (param) => `make_timestamp(CAST($${param} AS BIGINT) * 1000)`,
  ms: (expression) => `epoch_ms(${expression})`,
  anyOf: (expression, param) => `list_contains($${param}, ${expression})`,
  jsonText: (expression, key) => `json_extract_string(${expression}, ${quoteJsonPath(key)})`,
  // One process owns an embedded database, and DuckDB has no row locks to skip.
  skipLocked: '',
  fromMs: (expression) => `make_timestamp(CAST(${expression} AS BIGINT) * 1000)`,
  jsonMembers: (expression) =>
    `json_each(CASE WHEN json_valid(${expression}) AND json_type(${expression}) = 'OBJECT' THEN ${expression} END)`,
  // One process owns an embedded database: nothing to lock against.
  lockRows: '',
};

function quoteJsonPath(key: string): string {
  return `'$.${JSON.stringify(key).replaceAll("'", "''")}'`;
}

/** What the clients of one connection share: the call queue and the prepared statements. */
interface Shared {
  tail: Promise<unknown>;
  readonly statements: PreparedStatements;
}

export class DuckDbClient implements SqlSession {
  readonly backend = 'duckdb' as const;
  readonly sql = DUCKDB_SQL;
  private readonly shared: Shared;

  /** `direct` is set for the client a transaction hands out: its statements bypass the queue. */
  constructor(
    readonly connection: DuckDBConnection,
    shared?: Shared,
    private readonly direct = false,
  ) {
    this.shared = shared ?? { tail: Promise.resolve(), statements: new PreparedStatements(connection) };
  }

  query<R extends SqlRow = SqlRow>(text: string, params: readonly SqlParam[] = []): Promise<R[]> {
    return this.serial(async () => {
      const reader =
        params.length === 0
          ? await this.connection.runAndReadAll(text)
          : await this.shared.statements.with(text, ...bind(params), (statement) =>
              statement.runAndReadAll(),
            );
      return reader.getRowObjects().map((row) => plainRow(row) as R);
    });
  }

  run(text: string, params: readonly SqlParam[] = []): Promise<number> {
    return this.serial(async () => {
      const result =
        params.length === 0
          ? await this.connection.run(text)
          : await this.shared.statements.with(text, ...bind(params), (statement) => statement.run());
      return result.rowsChanged;
    });
  }

  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (this.direct) return work(this);
    return this.serial(async () => {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        const result = await work(new DuckDbClient(this.connection, this.shared, true));
        await this.connection.run('COMMIT');
        return result;
      } catch (error) {
        await this.connection.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.shared.tail.catch(() => undefined);
    this.shared.statements.destroy();
    this.connection.closeSync();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    if (this.direct) return work();
    const next = this.shared.tail.then(work, work);
    this.shared.tail = next.catch(() => undefined);
    return next;
  }
}

/** The embedded database as a `SqlDatabase`: one shared client, and a connection per session. */
export class DuckDbDatabase implements SqlDatabase {
  readonly backend = 'duckdb' as const;

  constructor(
    readonly instance: DuckDBInstance,
    readonly client: DuckDbClient,
  ) {}

  async session(): Promise<DuckDbClient> {
    return new DuckDbClient(await connect(this.instance));
  }
}

function bind(params: readonly SqlParam[]): [readonly DuckDBValue[], readonly DuckDBType[] | undefined] {
  if (!params.some((param) => Array.isArray(param))) return [params as DuckDBValue[], undefined];
  const types: (DuckDBType | undefined)[] = [];
  const values = params.map((param, index) => {
    if (!Array.isArray(param)) return param as DuckDBValue;
    types[index] = LIST(VARCHAR);
    return listValue(param as string[]);
  });
  return [values, types as DuckDBType[]];
}

function plainRow(row: Record<string, DuckDBValue>): SqlRow {
  const out: Record<string, SqlValue> = {};
  for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
  return out;
}

const MS_PER_DAY = 86_400_000;

/** One DuckDB cell as the plain value every back end returns (see `lib/sql-client.ts`). */
export function plainValue(value: DuckDBValue): SqlValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue)
    return Number(value.micros / 1000n);
  if (value instanceof DuckDBDateValue) return value.days * MS_PER_DAY;
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (value instanceof DuckDBListValue) return value.items.map(plainValue);
  return String(value);
}
