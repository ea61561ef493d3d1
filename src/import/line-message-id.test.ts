import { describe, expect, it } from 'vitest';
import { CONTENT_ID_PREFIX, contentMessageId, withLineMessageId } from './line-message-id.ts';

describe('withLineMessageId', () => {
  it('gives a line without messageId an id from its content, the same for the same content', () => {
    const line = { type: 'track', userId: 'u1', event: 'Signed Up', properties: { plan: 'pro', seats: 3 } };
    const first = withLineMessageId(line);
    expect(first.derived).toBe(true);
    const id = (first.value as { messageId: string }).messageId;
    expect(id.startsWith(CONTENT_ID_PREFIX)).toBe(true);
    // Key order and formatting do not change the content, so not the id.
    const reordered = JSON.parse(
      '{ "properties": {"seats":3, "plan":"pro"}, "event":"Signed Up", "userId":"u1", "type":"track" }',
    );
    expect((withLineMessageId(reordered).value as { messageId: string }).messageId).toBe(id);
    expect(contentMessageId({ ...line, event: 'Logged In' })).not.toBe(id);
  });

  it('treats a null or empty messageId as none, and keeps any other', () => {
    const bare = { type: 'track', userId: 'u', event: 'x' };
    const expected = contentMessageId(bare);
    expect(withLineMessageId({ ...bare, messageId: null }).value).toMatchObject({ messageId: expected });
    expect(withLineMessageId({ ...bare, messageId: '' }).value).toMatchObject({ messageId: expected });
    expect(withLineMessageId({ ...bare, messageId: 'm-1' })).toEqual({
      value: { ...bare, messageId: 'm-1' },
      derived: false,
    });
    expect(withLineMessageId([1, 2])).toEqual({ value: [1, 2], derived: false });
  });
});
