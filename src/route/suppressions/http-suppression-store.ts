/**
 * The do-not-contact list through a running server's admin API, for the CLI when the server
 * holds the data directory. The workspace is the admin key's; the `workspaceId` argument is
 * ignored (the server scopes every call to the key).
 */
import { z } from 'zod';
import { UserError } from '../../lib/user-error.ts';
import {
  SUPPRESSION_KINDS,
  type SuppressionEntry,
  type SuppressionKind,
  type SuppressionRecord,
} from './suppression-entry.ts';
import type { AddResult, ListOptions, SuppressionStore } from './suppression-store.ts';

/** Entries per request, well under the API's limit. */
const BATCH = 1000;

const recordSchema = z.object({
  kind: z.enum(SUPPRESSION_KINDS),
  value: z.string(),
  reason: z.string().nullable(),
  source: z.string(),
  createdAt: z.string(),
});
const listReply = z.object({ suppressions: z.array(recordSchema) });
const addReply = z.object({ added: z.number(), updated: z.number() });
const removeReply = z.object({ removed: recordSchema });
const errorReply = z.object({ error: z.object({ message: z.string() }) });

export class HttpSuppressionStore implements SuppressionStore {
  constructor(
    private readonly baseUrl: string,
    private readonly adminKey: string,
  ) {}

  async list(_workspaceId: string, options: ListOptions = {}): Promise<SuppressionRecord[]> {
    const query = new URLSearchParams({ limit: String(options.limit ?? 1000) });
    if (options.kind !== undefined) query.set('kind', options.kind);
    const body = await this.call('GET', `/api/suppressions?${query}`, undefined, 200);
    return listReply.parse(body).suppressions.map(fromJson);
  }

  async add(_workspaceId: string, entries: readonly SuppressionEntry[], source: string): Promise<AddResult> {
    let added = 0;
    let updated = 0;
    for (let start = 0; start < entries.length; start += BATCH) {
      const batch = entries.slice(start, start + BATCH);
      const body = await this.call('POST', '/api/suppressions', { suppressions: batch, source }, 201);
      const reply = addReply.parse(body);
      added += reply.added;
      updated += reply.updated;
    }
    return { added, updated };
  }

  async remove(
    _workspaceId: string,
    kind: SuppressionKind,
    value: string,
  ): Promise<SuppressionRecord | null> {
    const path = `/api/suppressions/${kind}/${encodeURIComponent(value)}`;
    const body = await this.call('DELETE', path, undefined, 200, true);
    return body === null ? null : fromJson(removeReply.parse(body).removed);
  }

  private async call(
    method: string,
    path: string,
    body: unknown,
    expected: number,
    allow404 = false,
  ): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await res.json().catch(() => null);
    if (res.status === expected) return json;
    if (allow404 && res.status === 404) return null;
    const message = errorReply.safeParse(json);
    throw new UserError(
      `The server refused ${method} ${path.split('?')[0]}: ${message.success ? message.data.error.message : `HTTP ${res.status}`}`,
    );
  }
}

function fromJson(record: z.infer<typeof recordSchema>): SuppressionRecord {
  return { ...record, createdAt: Date.parse(record.createdAt) };
}
