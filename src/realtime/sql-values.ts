/** SQL text helpers for the engine's statements: times travel as epoch-ms parameters. */

/** A TIMESTAMP from an epoch-ms parameter (`$3` → make_timestamp($3::BIGINT * 1000)); NULL stays NULL. */
export function tsFromMs(param: string): string {
  return `make_timestamp(${param}::BIGINT * 1000)`;
}
