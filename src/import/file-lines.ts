/**
 * Streams a local file line by line (gunzipping `.gz`), reporting progress in bytes of the file
 * on disk so the bar and ETA are right for compressed input too.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface FileLines {
  readonly totalBytes: number;
  readonly bytesRead: () => number;
  readonly lines: AsyncIterable<string>;
}

export function fileLines(path: string): FileLines {
  const totalBytes = statSync(path).size;
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const input: Readable = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  return {
    totalBytes,
    bytesRead: () => raw.bytesRead,
    lines: createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }),
  };
}
