import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../alert.ts';
import { DEMO_REASON, PERSONAL_EMAIL_DEDUCTION, sampleAlert } from '../test-support/sample-alert.ts';
import { renderSlackMessage, SLACK_LIMITS, type SlackBlock, type SlackMessage } from './slack-blocks.ts';

describe('renderSlackMessage', () => {
  it('shows tier and score, who, company, owner, due time, reasons, the draft and a link', () => {
    const message = renderSlackMessage(sampleAlert());
    const text = JSON.stringify(message.blocks);
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🔥 burning (up from hot) · score 82', emoji: true },
    });
    expect(text).toContain('Ada Lovelace &lt;ada@analytical.example&gt;');
    expect(text).toContain('Analytical Engines');
    expect(text).toContain('Sarah Chen (AE)');
    expect(text).toContain('<!date^1714579200^{date_short_pretty} {time}|2024-05-01 16:00 UTC>');
    expect(text).toContain('• Teammate Invited ×5 in the last 7 days, last 2 days ago (+20)');
    expect(text).toContain('Room to grow at Analytical Engines');
    expect(text).toContain('"url":"https://kindling.example/leads/u_42"');
    expect(message.text).toContain('Ada Lovelace');
  });

  it('uses tier names as written, and says "up from" only when the tier rose', () => {
    const header = (alert: Alert) => JSON.stringify(renderSlackMessage(alert).blocks[0]);
    expect(header(sampleAlert({ tier: 'pql', previousTier: 'not_yet' }))).toContain(
      '🔥 pql (up from not_yet) · score 82',
    );
    expect(header(sampleAlert({ tier: 'Tier 2', previousTier: null }))).toContain('🔥 Tier 2 · score 82');
    expect(header(sampleAlert({ tier: 'low', previousTier: 'low' }))).toContain('🔥 low · score 82');
    expect(header(sampleAlert({ tier: 'low', previousTier: 'low' }))).not.toMatch(/PQL|Low|up from/);
  });

  it('leads a hand-raiser with the hand-raising and lists what took points away', () => {
    const message = renderSlackMessage(
      sampleAlert({
        handRaiser: true,
        tier: 'low',
        previousTier: 'low',
        score: 0,
        reasons: [DEMO_REASON],
        deductions: [PERSONAL_EMAIL_DEDUCTION],
        triggeringEvent: { event: '$page', at: '2024-05-01T11:59:30.000Z' },
      }),
    );
    const text = JSON.stringify(message.blocks);
    expect(message.blocks[0]).toMatchObject({
      text: { text: '✋ Raised a hand: Requested a demo · low · score 0' },
    });
    expect(text).toContain(
      '*Why*\\n• Requested a demo: Demo Requested ×1 in the last 30 days, last 1 minute ago (+0)',
    );
    expect(text).toContain(
      '*Took points away*\\n• Personal e-mail address: email domain is \\"gmail.com\\" (−30)',
    );
    expect(text).toContain('Triggered by a page view at 2024-05-01 11:59 UTC');
    expect(text).not.toMatch(/\$page|requested_demo|personal_email/);
  });

  it('escapes user text so it cannot mention or link', () => {
    const message = renderSlackMessage(sampleAlert({ company: '<!channel> & <https://evil.example|x>' }));
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    expect(JSON.stringify(message)).toContain('&lt;!channel&gt; &amp;');
  });
});

const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: max, size: 'max' });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const hugeAlert: fc.Arbitrary<Alert> = fc
  .record({
    name: nullable(text(5000)),
    company: nullable(text(5000)),
    email: nullable(text(400)),
    tier: nullable(text(400)),
    previousTier: nullable(text(400)),
    reasons: fc.array(fc.record({ signal: text(50), text: text(4000), points: fc.integer() }), {
      maxLength: 80,
      size: 'max',
    }),
    subject: text(2000),
    body: text(20_000),
    ownerName: nullable(text(3000)),
    nextText: text(5000),
    leadUrl: nullable(
      fc.oneof(
        fc.webUrl(),
        text(4000).map((t) => `https://x.example/${t}`),
      ),
    ),
  })
  .map((r) =>
    sampleAlert({
      name: r.name,
      company: r.company,
      email: r.email,
      tier: r.tier,
      previousTier: r.previousTier,
      reasons: r.reasons,
      draft: { subject: r.subject, body: r.body },
      owner: { email: null, name: r.ownerName, team: null },
      nextAction: { text: r.nextText, dueAt: '2024-05-01T16:00:00.000Z' },
      leadUrl: r.leadUrl,
    }),
  );

function violations(message: SlackMessage): string[] {
  const found: string[] = [];
  const check = (what: string, length: number, max: number) => {
    if (length > max) found.push(`${what}: ${length} > ${max}`);
  };
  check('blocks', message.blocks.length, SLACK_LIMITS.blocks);
  check('fallback text', message.text.length, SLACK_LIMITS.fallbackText);
  for (const block of message.blocks as SlackBlock[]) {
    if (block.type === 'header') check('header', block.text.text.length, SLACK_LIMITS.headerText);
    if (block.type === 'section') {
      if (block.text !== undefined) check('section', block.text.text.length, SLACK_LIMITS.sectionText);
      check('fields', block.fields?.length ?? 0, SLACK_LIMITS.sectionFields);
      for (const field of block.fields ?? []) check('field', field.text.length, SLACK_LIMITS.fieldText);
    }
    if (block.type === 'context') {
      check('context elements', block.elements.length, SLACK_LIMITS.contextElements);
      for (const element of block.elements) check('context', element.text.length, SLACK_LIMITS.contextText);
    }
    if (block.type === 'actions') {
      for (const button of block.elements) {
        check('button text', button.text.text.length, SLACK_LIMITS.buttonText);
        check('button url', button.url.length, SLACK_LIMITS.buttonUrl);
      }
    }
  }
  // A cut must never leave half a surrogate pair behind.
  if (
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(
      JSON.stringify(message.blocks).replace(/\\u[0-9a-f]{4}/gi, ''),
    )
  ) {
    found.push('lone surrogate');
  }
  return found;
}

describe('Block Kit limits', () => {
  it('are never exceeded, however large the alert', () => {
    fc.assert(
      fc.property(hugeAlert, (alert) => {
        expect(violations(renderSlackMessage(alert))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('cuts long text with an ellipsis', () => {
    const message = renderSlackMessage(sampleAlert({ draft: { subject: 's', body: 'word '.repeat(2000) } }));
    const draft = message.blocks.find(
      (block): block is Extract<SlackBlock, { type: 'section' }> =>
        block.type === 'section' && (block.text?.text.startsWith('*Suggested outreach*') ?? false),
    );
    expect(draft?.text?.text.endsWith('…')).toBe(true);
    expect(draft?.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  });
});
