/**
 * Every generated message has the shape Segment's HTTP Tracking API documents. The validator
 * here is written from the Segment spec on purpose, independent of the collector's schema.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject } from '../lib/json.ts';
import { EVENTS } from './event-catalog.ts';
import { generateDemo } from './generate-demo.ts';
import type { DemoMessage } from './segment-message.ts';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const ALLOWED_KEYS: Readonly<Record<string, readonly string[]>> = {
  track: ['type', 'messageId', 'timestamp', 'userId', 'event', 'properties', 'context'],
  page: ['type', 'messageId', 'timestamp', 'userId', 'anonymousId', 'name', 'properties', 'context'],
  identify: ['type', 'messageId', 'timestamp', 'userId', 'anonymousId', 'traits'],
  group: ['type', 'messageId', 'timestamp', 'userId', 'groupId', 'traits'],
  alias: ['type', 'messageId', 'timestamp', 'userId', 'previousId'],
};

/** Required properties (and their JSON type) of the events whose properties carry meaning. */
const EVENT_PROPERTIES: Readonly<Record<string, Readonly<Record<string, 'string' | 'number'>>>> = {
  [EVENTS.teammateInvited]: { role: 'string', invitee_email: 'string' },
  [EVENTS.dataSourceConnected]: { source: 'string' },
  [EVENTS.reportExported]: { rows: 'number', format: 'string' },
  [EVENTS.featureUsed]: { feature: 'string' },
  [EVENTS.integrationConnected]: { integration: 'string' },
  [EVENTS.seatLimitReached]: { seats: 'number', limit: 'number' },
  [EVENTS.usageLimitReached]: { metric: 'string', limit: 'number' },
  [EVENTS.checkoutStarted]: { plan: 'string', seats: 'number' },
  [EVENTS.planUpgraded]: { from_plan: 'string', to_plan: 'string' },
  [EVENTS.invoicePaid]: { amount: 'number', currency: 'string' },
  [EVENTS.signedUp]: { method: 'string' },
};

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function shapeProblems(message: unknown): string[] {
  const problems: string[] = [];
  if (!isJsonObject(message)) return ['not an object'];
  const type = message.type;
  const allowed = typeof type === 'string' ? ALLOWED_KEYS[type] : undefined;
  if (allowed === undefined) return [`unknown type ${String(type)}`];
  for (const key of Object.keys(message)) if (!allowed.includes(key)) problems.push(`unexpected key ${key}`);
  if (!isText(message.messageId)) problems.push('messageId');
  if (typeof message.timestamp !== 'string' || !ISO_MS.test(message.timestamp)) problems.push('timestamp');
  if (JSON.stringify(message).length > 32 * 1024) problems.push('larger than 32 KB');
  const context = message.context;
  if (context !== undefined && !(isJsonObject(context) && isText(context.groupId))) problems.push('context');
  switch (type) {
    case 'track':
      if (!isText(message.userId) || !isText(message.event)) problems.push('track ids');
      if (!isJsonObject(message.properties)) problems.push('properties');
      else problems.push(...propertyProblems(String(message.event), message.properties));
      break;
    case 'page': {
      const anonymous = isText(message.anonymousId);
      if (anonymous === isText(message.userId))
        problems.push('page needs exactly one of userId, anonymousId');
      if (anonymous && context !== undefined) problems.push('anonymous page with a group context');
      const p = message.properties;
      if (!isText(message.name) || !isJsonObject(p)) problems.push('page name/properties');
      else if (!isText(p.path) || !p.path.startsWith('/') || !isText(p.url) || !p.url.endsWith(p.path)) {
        problems.push('page path/url');
      }
      break;
    }
    case 'identify': {
      const t = message.traits;
      if (!isText(message.userId) || !isText(message.anonymousId)) problems.push('identify ids');
      if (
        !isJsonObject(t) ||
        !isText(t.email) ||
        !t.email.includes('@') ||
        !isText(t.name) ||
        !isText(t.role)
      ) {
        problems.push('identify traits');
      } else if (typeof t.created_at !== 'string' || !ISO_MS.test(t.created_at)) problems.push('created_at');
      break;
    }
    case 'group':
      if (!isText(message.userId) || !isText(message.groupId)) problems.push('group ids');
      if (!isJsonObject(message.traits) || Object.keys(message.traits).length === 0)
        problems.push('group traits');
      break;
    case 'alias':
      if (!isText(message.userId) || !isText(message.previousId)) problems.push('alias ids');
      break;
  }
  return problems;
}

function propertyProblems(event: string, properties: JsonObject): string[] {
  const wanted = EVENT_PROPERTIES[event] ?? {};
  return Object.entries(wanted)
    .filter(([key, kind]) => typeof properties[key] !== kind)
    .map(([key]) => `${event}.${key}`);
}

describe('generated Segment messages', () => {
  let messages: DemoMessage[] = [];
  beforeAll(() => {
    messages = [...generateDemo({ users: 1500, accounts: 150, days: 45, seed: 11 }).messages()];
  });

  it('all have the documented shape (round-tripped through JSON)', () => {
    const bad = messages
      .map((m) => ({ m, problems: shapeProblems(JSON.parse(JSON.stringify(m))) }))
      .filter((x) => x.problems.length > 0);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('the validator itself rejects broken messages', () => {
    expect(
      shapeProblems({ type: 'track', messageId: 'x', timestamp: '2025-01-01', userId: 'u' }),
    ).not.toEqual([]);
    expect(shapeProblems({ type: 'screen' })).not.toEqual([]);
  });

  it('use every message type, about thirty event names, and only catalogued ones', () => {
    const types = new Set(messages.map((m) => m.type));
    expect([...types].sort()).toEqual(['alias', 'group', 'identify', 'page', 'track']);
    const names = new Set(messages.flatMap((m) => (m.type === 'track' ? [m.event] : [])));
    const catalogue = new Set<string>(Object.values(EVENTS));
    expect([...names].filter((n) => !catalogue.has(n))).toEqual([]);
    expect(names.size).toBeGreaterThanOrEqual(26);
  });

  it('has unique message ids', () => {
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(messages.length);
  });

  it('sends context.groupId on some identified calls but not all', () => {
    const identified = messages.filter((m) => (m.type === 'page' || m.type === 'track') && 'userId' in m);
    const withGroup = identified.filter((m) => 'context' in m && m.context !== undefined).length;
    expect(withGroup / identified.length).toBeGreaterThan(0.2);
    expect(withGroup / identified.length).toBeLessThan(0.9);
  });

  it('visits pricing, docs and billing pages', () => {
    const paths = new Set(messages.flatMap((m) => (m.type === 'page' ? [m.properties.path] : [])));
    expect(paths.has('/pricing')).toBe(true);
    expect(paths.has('/settings/billing')).toBe(true);
    expect([...paths].some((p) => p.startsWith('/docs/'))).toBe(true);
  });
});
