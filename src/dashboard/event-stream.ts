/**
 * Server-sent events for the dashboard: each open stream receives the live feed's items for its
 * workspace (qualifications and lead changes) as `event: <type>` / `data: <json>` frames, and a
 * comment every 15 s so proxies keep the connection. Streams are tracked so that shutdown can end
 * them (a server waits for open responses before it closes).
 */
import type { ServerResponse } from 'node:http';
import type { FeedItem, QualificationFeed } from '../realtime/qualification-feed.ts';

const PING_MS = 15_000;

export const STREAM_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

export function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class EventStreams {
  readonly #open = new Set<ServerResponse>();

  constructor(private readonly feed: QualificationFeed) {}

  /** Serves one stream on `res` until the client goes away or `closeAll` is called. */
  serve(res: ServerResponse, workspaceId: string, now: number): void {
    res.socket?.setNoDelay(true);
    res.write(`retry: 3000\n${frame('ready', { workspace: workspaceId, now: new Date(now).toISOString() })}`);
    const unsubscribe = this.feed.subscribe((item: FeedItem) => {
      if (item.data.workspaceId !== workspaceId) return;
      res.write(frame(item.type, item.data));
    });
    const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
    this.#open.add(res);
    res.once('close', () => {
      clearInterval(ping);
      unsubscribe();
      this.#open.delete(res);
    });
  }

  get size(): number {
    return this.#open.size;
  }

  closeAll(): void {
    for (const res of this.#open) res.end();
  }
}
