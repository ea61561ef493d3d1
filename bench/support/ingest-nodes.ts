/**
 * Ingest through HTTP into one or more `kindling serve` processes: 100-event batches on keep-alive
 * connections split evenly between the nodes, all running at once; events/s counts acknowledged
 * events only (each acknowledged after its commit). Nodes are separate processes, as in production.
 */
import { join } from 'node:path';
import { type ServerProcess, spawnServer } from '../../test/support/server-process.ts';
import { runLoad } from './http-load.ts';
import { BATCH, batchBodies, INGEST_HEADERS } from './ingest-bodies.ts';

export interface IngestRun {
  readonly nodes: number;
  readonly eventsPerSecond: number;
  readonly failedRequests: number;
  /** 1-minute load average at the end of the run: the machine may be shared. */
  readonly loadAverage: number;
}

/** Starts `nodes` servers (each with `args`, its own data dir under `workDir`), loads them, stops them. */
export async function ingestIntoNodes(options: {
  readonly workDir: string;
  readonly nodes: number;
  readonly args: readonly string[];
  readonly seconds: number;
  readonly concurrency: number;
  readonly loadAverage: () => number;
}): Promise<IngestRun> {
  const servers: ServerProcess[] = [];
  try {
    // One after the other: two nodes migrating one empty database at once is tested elsewhere.
    for (let i = 0; i < options.nodes; i++)
      servers.push(await spawnServer(join(options.workDir, `node-${i}`), options.args));
    const load = (seconds: number, prefix: string) =>
      Promise.all(
        servers.map((server, i) =>
          runLoad({
            url: server.url,
            path: '/v1/batch',
            headers: INGEST_HEADERS,
            concurrency: Math.max(1, Math.round(options.concurrency / servers.length)),
            seconds,
            body: batchBodies(`${prefix}${i}-`),
          }),
        ),
      );
    await load(2, 'warm-');
    const results = await load(options.seconds, 'run-');
    const ok = results.reduce((sum, r) => sum + r.ok, 0);
    const seconds = Math.max(...results.map((r) => r.seconds));
    return {
      nodes: options.nodes,
      eventsPerSecond: Math.round((ok * BATCH) / seconds),
      failedRequests: results.reduce((sum, r) => sum + r.requests - r.ok, 0),
      loadAverage: options.loadAverage(),
    };
  } finally {
    for (const server of servers) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
}
