/**
 * The server's real-time pass log, read from its stderr at debug level: one JSON line per pass
 * (`"message":"real-time pass"`, src/realtime/realtime-engine.ts) with the pass's phases in
 * milliseconds (`sliceMs`, `scoreMs`, `recordMs`, `commitMs`, …) and `lagMs`, the wait before it.
 * A pass's time is its `passMs` when the engine logs one, else the sum of its phases.
 */

export interface Pass {
  /** When the pass ended (the log line's time), epoch milliseconds. */
  readonly at: number;
  readonly ms: number;
}

export class PassLog {
  readonly passes: Pass[] = [];
  /** Passes the engine reported as failed: their alerts wait for a later pass or the sweep. */
  failures = 0;
  /** A pass has scored every entity: the incremental state has caught up with the stored history. */
  caughtUp = false;
  private partial = '';
  /** The last lines seen, to show why a server stopped. */
  private readonly recent: string[] = [];

  /** Takes the next chunk of stderr; lines may be split across chunks. */
  feed(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      this.recent.push(line);
      if (this.recent.length > 20) this.recent.shift();
      this.line(line);
    }
  }

  /** The last 20 lines of stderr (and any unfinished one). */
  tail(): string {
    return [...this.recent, this.partial].join('\n');
  }

  private line(line: string): void {
    if (line.includes('real-time pass failed')) this.failures += 1;
    if (!line.includes('"real-time pass"')) return;
    if (line.includes('"scoredAll":true')) this.caughtUp = true;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof entry !== 'object' || entry === null) return;
    const fields = entry as Record<string, unknown>;
    const at = typeof fields.time === 'string' ? Date.parse(fields.time) : Number.NaN;
    if (!Number.isNaN(at)) this.passes.push({ at, ms: passMs(fields) });
  }

  /**
   * The median pass time in the first and the last tenth of the load (epoch ms bounds); null for a
   * tenth without passes.
   */
  tenths(start: number, end: number): { readonly firstMs: number | null; readonly lastMs: number | null } {
    const tenth = (end - start) / 10;
    return {
      firstMs: median(this.passes.filter((p) => p.at >= start && p.at < start + tenth)),
      lastMs: median(this.passes.filter((p) => p.at >= end - tenth && p.at <= end)),
    };
  }
}

function passMs(fields: Record<string, unknown>): number {
  if (typeof fields.passMs === 'number') return fields.passMs;
  let total = 0;
  for (const [key, value] of Object.entries(fields))
    if (key.endsWith('Ms') && key !== 'lagMs' && typeof value === 'number') total += value;
  return total;
}

function median(passes: readonly Pass[]): number | null {
  if (passes.length === 0) return null;
  const sorted = passes.map((p) => p.ms).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return value ?? null;
}
