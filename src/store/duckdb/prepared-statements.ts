/**
 * The statements a DuckDB connection has prepared, kept by their text and reused by the next call
 * with the same text. `connection.run(text, params)` splits the text, prepares it and runs it: three
 * trips through the thread pool and a fresh plan each time, and each trip waits for the event loop
 * on its way back. Under the goal load of issue 16 (5,000 events/s beside the real-time passes) the
 * three single-row statements that record a qualification took ≈ 50 ms of the alert's pass
 * (≈ 13 ms on an idle machine). A kept statement is bound and run: one trip, no planning.
 *
 * The last `capacity` texts used are kept (a few dozen statements run all the time; texts built
 * for a list's length vary). A statement still running when the same text comes again (two
 * callers at once on one connection) is not shared: the second call prepares its own.
 */
import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBType, DuckDBValue } from '@duckdb/node-api';

export const KEPT_STATEMENTS = 64;

interface Kept {
  readonly statement: DuckDBPreparedStatement;
  busy: boolean;
}

export class PreparedStatements {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly capacity: number = KEPT_STATEMENTS,
  ) {}

  /** How many statements are kept now. */
  get size(): number {
    return this.kept.size;
  }

  /**
   * Binds `values` to the statement of `text` (prepared now if it is not kept, or kept but
   * running) and hands it to `use`; its bindings are cleared afterwards, so a kept statement
   * holds no caller's values.
   */
  async with<T>(
    text: string,
    values: readonly DuckDBValue[],
    types: readonly DuckDBType[] | undefined,
    use: (statement: DuckDBPreparedStatement) => Promise<T>,
  ): Promise<T> {
    const entry = await this.take(text);
    try {
      entry.statement.bind(values as DuckDBValue[], types as DuckDBType[] | undefined);
      return await use(entry.statement);
    } finally {
      entry.statement.clearBindings();
      entry.busy = false;
      if (this.kept.get(text) !== entry) entry.statement.destroySync();
    }
  }

  /** Forgets every kept statement (before the connection closes). */
  destroy(): void {
    for (const entry of this.kept.values()) if (!entry.busy) entry.statement.destroySync();
    this.kept.clear();
  }

  private async take(text: string): Promise<Kept> {
    const known = this.kept.get(text);
    if (known !== undefined && !known.busy) {
      // Most recently used last: the first entry is the one to drop.
      this.kept.delete(text);
      this.kept.set(text, known);
      known.busy = true;
      return known;
    }
    const entry: Kept = { statement: await this.connection.prepare(text), busy: true };
    if (known === undefined) {
      this.kept.set(text, entry);
      this.evict();
    }
    return entry;
  }

  private evict(): void {
    for (const [text, entry] of this.kept) {
      if (this.kept.size <= this.capacity) return;
      this.kept.delete(text);
      if (!entry.busy) entry.statement.destroySync();
    }
  }
}
