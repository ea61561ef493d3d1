import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ESCALATION_REASONS, ROUTING_REASONS } from './reason-codes.ts';

const docs = readFileSync(new URL('../../docs/routing.md', import.meta.url), 'utf8');

/** `| \`code\` | status | …` rows of the docs' tables: code → status. */
const documented = new Map(
  [...docs.matchAll(/^\| `([a-z-]+)` +\| ([a-z-]+) +\|/gm)].map((m) => [m[1] ?? '', m[2] ?? '']),
);

describe('reason codes', () => {
  it('docs/routing.md lists every routing and escalation reason with its status', () => {
    for (const [code, { status }] of Object.entries({ ...ROUTING_REASONS, ...ESCALATION_REASONS })) {
      expect(documented.get(code), code).toBe(status);
    }
  });
});
