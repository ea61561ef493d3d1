import { describe, expect, it } from 'vitest';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { renderSlackMessage } from './slack-blocks.ts';

const owner = { email: 'sarah@vendor.example', name: 'Sarah Chen', team: 'AE' };
const texts = (message: ReturnType<typeof renderSlackMessage>) => JSON.stringify(message.blocks);

describe('Slack mentions', () => {
  it('mention the owner by Slack member id, in the owner field and the notification text', () => {
    const message = renderSlackMessage(sampleAlert({ owner: { ...owner, slackUserId: 'U024BE7LH' } }));
    expect(message.text.startsWith('<@U024BE7LH> ')).toBe(true);
    expect(texts(message)).toContain('*Owner*\\nSarah Chen (AE) <@U024BE7LH>');
  });

  it('without an id, or with one that is not a member id, mention nobody', () => {
    for (const slackUserId of [undefined, null, '@here', 'U1>|<!channel']) {
      const message = renderSlackMessage(sampleAlert({ owner: { ...owner, slackUserId } }));
      expect(message.text).not.toContain('<@');
      expect(texts(message)).not.toContain('<@');
      expect(texts(message)).not.toContain('<!channel');
    }
  });
});
