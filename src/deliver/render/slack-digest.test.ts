import { describe, expect, it } from 'vitest';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { SLACK_LIMITS } from './slack-blocks.ts';
import { MAX_DIGEST_LEADS, renderSlackDigest } from './slack-digest.ts';

const owner = { email: 'sarah@vendor.example', name: 'Sarah Chen', team: 'AE', slackUserId: 'U024BE7LH' };

describe('a Slack digest', () => {
  it('lists the leads highest score first, mentioning owners once in the notification', () => {
    const message = renderSlackDigest(
      [
        sampleAlert({ id: 'a', score: 55, name: 'Low <Co>', owner }),
        sampleAlert({ id: 'b', score: 91, name: 'High', owner }),
      ],
      '2026-12-07',
    );
    expect(message.text).toBe('📋 PQL digest for 2026-12-07: 2 leads <@U024BE7LH>');
    const sections = message.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    expect(sections).toHaveLength(2);
    expect(sections[0]).toContain('score 91');
    expect(sections[1]).toContain('Low &lt;Co&gt;'); // user text is escaped
    expect(sections[0]).toContain('Owner: Sarah Chen (AE) <@U024BE7LH>');
  });

  it('stays within Block Kit limits for a long week', () => {
    const alerts = Array.from({ length: 120 }, (_, i) => sampleAlert({ id: `q${i}`, score: i }));
    const message = renderSlackDigest(alerts, '2026-12-07');
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(JSON.stringify(message.blocks.at(-1))).toContain(`and ${120 - MAX_DIGEST_LEADS} more`);
    for (const block of message.blocks) {
      if (block.type === 'section')
        expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
  });
});
