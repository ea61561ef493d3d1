/**
 * `kindling deliveries` through a running server's admin API (GET /api/deliveries, POST
 * /api/deliveries/:id/replay, GET /api/destinations), for when the server holds the data directory.
 * The workspace is the admin key's. Replies are checked with a schema and turned back into the rows
 * the local outbox gives, so both paths print the same table.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../lib/result.ts';
import type { DestinationHealth, ReplayError } from '../../outbox/outbox-store.ts';
import { UserError } from '../run-action.ts';

/** What the deliveries table shows of a delivery. */
export interface DeliveryRow {
  readonly id: string;
  readonly destination: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly status: string;
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly lastDetail: string | null;
  readonly nextAttemptAt: number | null;
}

/** The outbox as the command uses it, on the data directory or through a server. */
export interface DeliveriesAccess {
  list(options: { failed: boolean; limit: number }): Promise<readonly DeliveryRow[]>;
  replay(id: string): Promise<Result<DeliveryRow, ReplayError>>;
  health(): Promise<readonly DestinationHealth[]>;
}

const isoOrNull = z
  .string()
  .nullable()
  .transform((text) => (text === null ? null : Date.parse(text)));

const deliverySchema = z.object({
  id: z.string(),
  destination: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  status: z.string(),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastDetail: z.string().nullable(),
  nextAttemptAt: isoOrNull,
});
const listReply = z.object({ deliveries: z.array(deliverySchema) });
const replayReply = z.object({ delivery: deliverySchema });
const healthReply = z.object({
  destinations: z.array(
    z.object({
      destination: z.string(),
      delivered: z.number(),
      pending: z.number(),
      dead: z.number(),
      lastSuccessAt: isoOrNull,
      lastFailure: z
        .object({
          at: z.string().transform((text) => Date.parse(text)),
          status: z.number().nullable(),
          detail: z.string(),
        })
        .nullable(),
    }),
  ),
});
const errorReply = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export function deliveriesViaServer(baseUrl: string, adminKey: string): DeliveriesAccess {
  const call = async (method: 'GET' | 'POST', path: string): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}` },
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const refused = (path: string, reply: { status: number; body: unknown }): UserError => {
    const parsed = errorReply.safeParse(reply.body);
    return new UserError(
      `The server refused ${path}: ${parsed.success ? parsed.data.error.message : `HTTP ${reply.status}`}`,
    );
  };
  return {
    async list({ failed, limit }) {
      const path = `/api/deliveries?${new URLSearchParams({ failed: String(failed), limit: String(limit) })}`;
      const reply = await call('GET', path);
      if (reply.status !== 200) throw refused('GET /api/deliveries', reply);
      return listReply.parse(reply.body).deliveries;
    },
    async replay(id) {
      const reply = await call('POST', `/api/deliveries/${encodeURIComponent(id)}/replay`);
      if (reply.status === 200) return ok(replayReply.parse(reply.body).delivery);
      if (reply.status === 404) return err('not-found');
      if (reply.status === 409) return err('not-dead');
      throw refused('POST /api/deliveries/:id/replay', reply);
    },
    async health() {
      const reply = await call('GET', '/api/destinations');
      if (reply.status !== 200) throw refused('GET /api/destinations', reply);
      return healthReply.parse(reply.body).destinations;
    },
  };
}
