/**
 * A small closed-loop HTTP load driver: `concurrency` keep-alive connections, each sending the next
 * request as soon as the previous reply arrives, for a fixed duration. Latency is per request.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

export interface LoadResult {
  readonly requests: number;
  readonly ok: number;
  readonly seconds: number;
  readonly latenciesMs: Float64Array;
}

export async function runLoad(options: {
  readonly url: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly concurrency: number;
  readonly seconds: number;
  readonly body: (n: number) => string;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const target = new URL(options.url);
  const latencies: number[] = [];
  let sent = 0;
  let ok = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();

  const one = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: options.path,
          method: 'POST',
          headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const worker = async () => {
    while (performance.now() < deadline) {
      const body = options.body(sent++);
      const t0 = performance.now();
      const status = await one(body);
      latencies.push(performance.now() - t0);
      if (status === 200) ok++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  agent.destroy();
  return {
    requests: latencies.length,
    ok,
    seconds: (performance.now() - started) / 1000,
    latenciesMs: Float64Array.from(latencies),
  };
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export function peakRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return Math.round(kb / 1024);
  } catch {
    return Number.NaN;
  }
}
