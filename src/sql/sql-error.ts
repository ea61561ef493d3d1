/** A definition or input the dialect cannot express: a value, reported with the dialect's name. */
import type { DialectName } from './dialect.ts';

export type SqlCompileErrorCode =
  | 'sql-as-of-out-of-range'
  | 'sql-unsupported-empty-property-name'
  | 'sql-series-unsupported';

export interface SqlCompileError {
  readonly code: SqlCompileErrorCode;
  readonly dialect: DialectName;
  readonly message: string;
}

export function sqlCompileError(
  code: SqlCompileErrorCode,
  dialect: DialectName,
  message: string,
): SqlCompileError {
  return { code, dialect, message: `${dialect}: ${message}` };
}
