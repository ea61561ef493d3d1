/** The ingest benchmarks' requests: realistic track events (~400 bytes) in 100-event batches. */
import { WRITE_KEY } from '../../test/support/test-server.ts';

export const BATCH = 100;
const EVENTS = ['Logged In', 'Feature Used', 'Report Exported', 'Teammate Invited', 'Dashboard Created'];

export const INGEST_HEADERS = {
  'content-type': 'application/json',
  authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
};

/** A realistic event whose messageId embeds a unique run-wide number. */
export function event(n: number): Record<string, unknown> {
  return {
    type: 'track',
    messageId: `bench-${n}`,
    userId: `user-${n % 20_000}`,
    event: EVENTS[n % EVENTS.length],
    timestamp: new Date(Date.now() - (n % 86_400) * 1000).toISOString(),
    properties: { feature: `feature-${n % 17}`, rows: n % 5000, plan: 'team' },
    context: {
      groupId: `acct-${n % 2000}`,
      library: { name: 'analytics-node', version: '3.1.0' },
      ip: '10.0.0.1',
    },
  };
}

/** Batch bodies are built once per template and stamped with a unique prefix, so the driver stays cheap. */
export function batchBodies(prefix: string): (n: number) => string {
  const template = JSON.stringify({ batch: Array.from({ length: BATCH }, (_, i) => event(i)) });
  const parts = template.split('"bench-');
  return (n) => parts.join(`"${prefix}${n}-`);
}
