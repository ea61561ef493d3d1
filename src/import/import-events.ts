/**
 * Bulk import of Segment messages from NDJSON (one message per line, `.gz` accepted), through the
 * same normalisation as `/v1/import`, in large group commits. Chunks are pipelined: the next chunk
 * is parsed while the previous one commits.
 */
import { jsonDepthExceeds } from '../collect/json-depth.ts';
import { LIMITS } from '../collect/limits.ts';
import { normalizeMessage } from '../collect/normalize.ts';
import type { NormalizedMessage } from '../collect/normalized-message.ts';
import { droppedKeysNotice } from '../collect/unsafe-keys.ts';
import type { EventStore, RejectedItem } from '../store/store.ts';
import { fileLines } from './file-lines.ts';
import type { ImportListener, ImportSummary } from './import-report.ts';
import { withLineMessageId } from './line-message-id.ts';

const CHUNK = 20_000;

export async function importEvents(options: {
  readonly store: EventStore;
  readonly workspaceId: string;
  readonly file: string;
  readonly listener: ImportListener;
  readonly now?: () => number;
}): Promise<ImportSummary> {
  const { store, workspaceId, listener } = options;
  const now = options.now ?? Date.now;
  const started = performance.now();
  const source = fileLines(options.file);
  let read = 0;
  let stored = 0;
  let duplicates = 0;
  let rejectedCount = 0;
  let contentIds = 0;
  let messages: NormalizedMessage[] = [];
  let rejected: RejectedItem[] = [];
  let inFlight: Promise<void> = Promise.resolve();

  const flush = async () => {
    const [batch, bad] = [messages, rejected];
    messages = [];
    rejected = [];
    await inFlight;
    inFlight = store.append(workspaceId, batch, bad).then((outcome) => {
      stored += outcome.stored;
      duplicates += outcome.duplicates;
    });
    listener.progress(source.bytesRead(), source.totalBytes, read);
  };

  for await (const text of source.lines) {
    read++;
    if (text.trim() === '') continue;
    const result = parseLine(text, now());
    if (result.ok) {
      const { message } = result.value;
      messages.push(message);
      if (result.value.derivedId) contentIds++;
      if (message.droppedKeys.length > 0) {
        // Stored, but reported and counted: nothing is dropped silently.
        const notice = droppedKeysNotice(message.droppedKeys);
        rejected.push({ ...notice, index: read, messageId: message.messageId, excerpt: '' });
        listener.bad({ line: read, code: notice.code, detail: notice.detail });
      }
    } else {
      rejectedCount++;
      rejected.push({ ...result.error, index: read, messageId: null, excerpt: text.slice(0, 300) });
      listener.bad({ line: read, code: result.error.code, detail: result.error.detail });
    }
    if (messages.length + rejected.length >= CHUNK) await flush();
  }
  await flush();
  await inFlight;
  listener.progress(source.totalBytes, source.totalBytes, read);
  return {
    read,
    stored,
    duplicates,
    rejected: rejectedCount,
    contentIds,
    seconds: (performance.now() - started) / 1000,
  };
}

function parseLine(text: string, receivedAt: number) {
  if (jsonDepthExceeds(text, LIMITS.jsonDepth)) {
    return {
      ok: false as const,
      error: { code: 'nesting-too-deep' as const, detail: 'The line is nested too deeply.' },
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {
      ok: false as const,
      error: { code: 'invalid-json' as const, detail: 'The line is not valid JSON.' },
    };
  }
  const { value, derived } = withLineMessageId(raw);
  const normalized = normalizeMessage(value, { receivedAt, endpointType: null, batchSentAt: null });
  return normalized.ok
    ? { ok: true as const, value: { message: normalized.value, derivedId: derived } }
    : normalized;
}
