/**
 * When a running server holds the data directory, events are imported through its `/v1/import`
 * endpoint instead, in requests under the Segment limits, with rejections mapped back to lines.
 */
import { LIMITS } from '../collect/limits.ts';
import { fileLines } from './file-lines.ts';
import type { ImportListener, ImportSummary } from './import-report.ts';
import { withLineMessageId } from './line-message-id.ts';

const MAX_EVENTS = 500;
const MAX_BYTES = LIMITS.batchBytes - 16 * 1024;

type ImportReply = {
  stored?: number;
  duplicates?: number;
  rejected?: { index: number; code: string; message: string }[];
  error?: { message: string };
};

export async function importEventsViaServer(options: {
  readonly url: string;
  readonly key: string;
  readonly file: string;
  readonly listener: ImportListener;
}): Promise<ImportSummary> {
  const started = performance.now();
  const source = fileLines(options.file);
  const totals = { read: 0, stored: 0, duplicates: 0, rejected: 0, contentIds: 0 };
  let lines: { line: number; text: string }[] = [];
  let bytes = 0;

  const send = async () => {
    if (lines.length === 0) return;
    const batch = lines;
    lines = [];
    bytes = 0;
    const body = `{"batch":[${batch.map((l) => l.text).join(',')}]}`;
    const res = await fetch(`${options.url}/v1/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.key}` },
      body,
    });
    const reply = (await res.json()) as ImportReply;
    if (!res.ok) throw new Error(`The server refused the import: ${reply.error?.message ?? res.status}`);
    totals.stored += reply.stored ?? 0;
    totals.duplicates += reply.duplicates ?? 0;
    for (const r of reply.rejected ?? []) {
      totals.rejected++;
      options.listener.bad({ line: batch[r.index]?.line ?? 0, code: r.code, detail: r.message });
    }
    options.listener.progress(source.bytesRead(), source.totalBytes, totals.read);
  };

  for await (const text of source.lines) {
    totals.read++;
    if (text.trim() === '') continue;
    let line = text;
    try {
      const { value, derived } = withLineMessageId(JSON.parse(text));
      if (derived) {
        totals.contentIds++;
        line = JSON.stringify(value);
      }
    } catch {
      totals.rejected++;
      options.listener.bad({
        line: totals.read,
        code: 'invalid-json',
        detail: 'The line is not valid JSON.',
      });
      continue;
    }
    if (lines.length >= MAX_EVENTS || bytes + line.length > MAX_BYTES) await send();
    lines.push({ line: totals.read, text: line });
    bytes += line.length + 1;
  }
  await send();
  return { ...totals, seconds: (performance.now() - started) / 1000 };
}
