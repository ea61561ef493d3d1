/**
 * Sizes people write in settings ("768MB", "1GiB", "512 MiB"), as bytes. Units follow DuckDB's
 * `memory_limit`: KB, MB, GB, TB are powers of 1000, KiB, MiB, GiB, TiB powers of 1024; a bare number
 * is refused, since it would be unclear whether it meant bytes or megabytes.
 */
import { err, ok, type Result } from './result.ts';

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

const PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i;

export const MIB = 2 ** 20;
export const GIB = 2 ** 30;

/** The number of bytes `text` names, or why it names none. */
export function parseByteSize(text: string): Result<number, string> {
  const match = PATTERN.exec(text);
  if (match === null)
    return err(
      'must be a size with a unit, such as 768MB, 512MiB or 1GiB (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)',
    );
  const [, amount = '', unit = ''] = match;
  const factor = UNITS[unit.toLowerCase()];
  if (factor === undefined)
    return err(`"${unit}" is not a unit; use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB`);
  return ok(Math.round(Number(amount) * factor));
}

/** Bytes in the largest binary unit that keeps the number at least 1: `805306368` → "768 MiB". */
export function formatByteSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;
  let value = bytes;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index += 1;
  }
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${shown} ${units[index]}`;
}
