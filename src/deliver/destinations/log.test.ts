import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { destinationConfigSchema } from './config-schema.ts';
import { createDestination, isDigestDestination } from './index.ts';

const dir = tempDir();
afterAll(() => dir.remove());
const ctx = { idempotencyKey: 'q_01HZX3:local', attempt: 1 };

function logDestination(config: Record<string, unknown>) {
  const printed: string[] = [];
  const parsed = destinationConfigSchema.parse({ kind: 'log', ...config });
  const built = createDestination('local', parsed, {
    env: {},
    baseDir: dir.path,
    stdout: { write: (text: string) => printed.push(text) },
    now: () => Date.UTC(2026, 0, 5, 8, 30),
  });
  if (!built.ok || !isDigestDestination(built.value)) throw new Error('a log destination sends digests');
  return { destination: built.value, printed };
}

describe('the log destination', () => {
  it('prints the rendered alert, needing no secret and no network', async () => {
    const { destination, printed } = logDestination({});
    expect(await destination.send(sampleAlert(), ctx)).toEqual({
      kind: 'delivered',
      status: 200,
      response: { printed: 1 },
    });
    const text = printed.join('');
    expect(text).toContain('── local (kind: log)');
    expect(text).toContain('Who: Ada Lovelace');
    expect(text).toContain('Owner: Sarah Chen (AE)');
    expect(text).toContain('Suggested outreach');
  });

  it('appends the webhook payload as NDJSON to `path` (relative to its base directory), silently', async () => {
    const { destination, printed } = logDestination({ path: 'out/alerts.ndjson' });
    await destination.send(sampleAlert(), ctx);
    await destination.send(sampleAlert({ id: 'q_2', score: 91 }), ctx);
    const lines = readFileSync(join(dir.path, 'out/alerts.ndjson'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const schema = z.fromJSONSchema(
      JSON.parse(
        readFileSync(
          fileURLToPath(new URL('../../../schemas/alert-webhook.schema.json', import.meta.url)),
          'utf8',
        ),
      ),
    );
    for (const line of lines) expect(schema.safeParse(JSON.parse(line)).success).toBe(true);
    expect(JSON.parse(lines[1] ?? '{}').data.score).toBe(91);
    expect(printed).toEqual([]);
  });

  it('prints and appends a digest; a path that is a directory is a dead letter', async () => {
    const { destination, printed } = logDestination({ path: 'digest.ndjson', print: true });
    const outcome = await destination.sendDigest([sampleAlert(), sampleAlert({ id: 'q_3' })], ctx);
    expect(outcome.kind).toBe('delivered');
    expect(printed.join('')).toContain('2 leads');
    expect(readFileSync(join(dir.path, 'digest.ndjson'), 'utf8').trim().split('\n')).toHaveLength(2);
    mkdirSync(join(dir.path, 'a-directory'));
    const broken = logDestination({ path: 'a-directory' }).destination;
    expect((await broken.send(sampleAlert(), ctx)).kind).toBe('dead');
  });
});
