import { describe, expect, it } from 'vitest';
import { type NormalizeContext, normalizeMessage } from './normalize.ts';

const receivedAt = Date.UTC(2024, 4, 1, 12);
const ctx: NormalizeContext = { receivedAt, endpointType: null, batchSentAt: null };

function accepted(raw: unknown, over: Partial<NormalizeContext> = {}) {
  const result = normalizeMessage(raw, { ...ctx, ...over });
  if (!result.ok) throw new Error(`rejected: ${result.error.code}`);
  return result.value;
}

function rejectedCode(raw: unknown, over: Partial<NormalizeContext> = {}) {
  const result = normalizeMessage(raw, { ...ctx, ...over });
  return result.ok ? 'accepted' : result.error.code;
}

describe('normalizeMessage', () => {
  it('keeps a track call with its properties and context group', () => {
    const m = accepted({
      type: 'track',
      userId: 42,
      event: 'Report Exported',
      messageId: 'm-1',
      properties: { rows: 1200 },
      context: { groupId: 'acme' },
      timestamp: '2024-05-01T11:00:00Z',
    });
    expect(m).toMatchObject({ type: 'track', userId: '42', event: 'Report Exported', groupId: 'acme' });
    expect(m.timestamp).toBe(Date.UTC(2024, 4, 1, 11));
    expect(JSON.parse(m.properties)).toEqual({ rows: 1200 });
  });

  it('takes the type from the endpoint and generates a message id when absent', () => {
    const m = accepted({ userId: 'u', event: 'x' }, { endpointType: 'track' });
    expect(m.type).toBe('track');
    expect(m.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.timestamp).toBe(receivedAt);
  });

  it('names pages $page and fills path/url/title from context.page', () => {
    const m = accepted({
      type: 'page',
      anonymousId: 'a',
      name: 'Pricing',
      properties: { title: 'Own title' },
      context: { page: { path: '/pricing', title: 'Ctx title' } },
    });
    expect(m.event).toBe('$page');
    expect(JSON.parse(m.properties)).toEqual({ title: 'Own title', path: '/pricing' });
    expect(accepted({ type: 'screen', userId: 'u', name: 'Home' }).event).toBe('$screen');
  });

  it('derives identity links, memberships and trait writes', () => {
    const identify = accepted({
      type: 'identify',
      userId: 'u1',
      anonymousId: 'a1',
      traits: { email: 'x@acme.com' },
    });
    expect(identify.link).toEqual({ fromId: 'a1', userId: 'u1' });
    expect(identify.traitWrites).toEqual([
      { entityType: 'user', entityId: 'u1', key: 'email', value: '"x@acme.com"' },
    ]);
    const alias = accepted({ type: 'alias', userId: 'u2', previousId: 'u1' });
    expect(alias.link).toEqual({ fromId: 'u1', userId: 'u2' });
    const group = accepted({ type: 'group', anonymousId: 'a1', groupId: 'acme', traits: { size: 50 } });
    expect(group.membership).toEqual({ userKey: 'a1', groupId: 'acme' });
    expect(group.traitWrites).toEqual([
      { entityType: 'account', entityId: 'acme', key: 'size', value: '50' },
    ]);
  });

  it('applies the clock-skew correction with the batch sentAt', () => {
    const m = accepted(
      { type: 'track', userId: 'u', event: 'x', timestamp: '2024-05-01T12:00:00Z' },
      { batchSentAt: '2024-05-01T12:00:30Z' },
    );
    expect(m.timestamp).toBe(receivedAt - 30_000);
  });

  it('rejects each kind of bad message with its own code', () => {
    expect(rejectedCode('text')).toBe('not-an-object');
    expect(rejectedCode({ type: 'purchase', userId: 'u' })).toBe('unknown-type');
    expect(rejectedCode({ type: 'track', event: 'x' })).toBe('missing-identity');
    expect(rejectedCode({ type: 'track', userId: 'u' })).toBe('missing-event');
    expect(rejectedCode({ type: 'group', userId: 'u' })).toBe('missing-group-id');
    expect(rejectedCode({ type: 'alias', userId: 'u' })).toBe('missing-previous-id');
    expect(rejectedCode({ type: 'track', userId: 'u', event: 'x', timestamp: 'soon' })).toBe(
      'invalid-timestamp',
    );
    expect(rejectedCode({ type: 'track', userId: 'u', event: 'x', timestamp: 12 })).toBe('invalid-timestamp');
    expect(rejectedCode({ type: 'track', userId: 'u', event: 'x', timestamp: '2024-05-03T12:00:01Z' })).toBe(
      'timestamp-in-future',
    );
    expect(rejectedCode({ type: 'track', userId: { id: 1 }, event: 'x' })).toBe('invalid-field');
    expect(rejectedCode({ type: 'track', userId: 'u', event: 'x', properties: [] })).toBe('invalid-field');
    expect(rejectedCode({ type: 'track', userId: 'u'.repeat(2000), event: 'x' })).toBe('field-too-long');
    expect(
      rejectedCode({ type: 'track', userId: 'u', event: 'x', properties: { s: 'é'.repeat(20_000) } }),
    ).toBe('event-too-large');
  });

  it('accepts events up to 24 h in the future', () => {
    expect(rejectedCode({ type: 'track', userId: 'u', event: 'x', timestamp: '2024-05-02T11:59:59Z' })).toBe(
      'accepted',
    );
  });
});
