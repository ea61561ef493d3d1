import { describe, expect, it } from 'vitest';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { renderAlertEmail, renderDigestEmail } from './email.ts';

describe('renderAlertEmail', () => {
  it('says who, why, owner, next action, link and draft in text and escaped HTML', () => {
    const email = renderAlertEmail(sampleAlert({ company: 'Analytical <Engines>' }));
    expect(email.subject).toBe(
      '[Kindling] Ada Lovelace <ada@analytical.example> (Analytical <Engines>): burning (up from hot) · score 82',
    );
    expect(email.text).toContain('Next action: Personal e-mail within 4 hours, due 2024-05-01 16:00 UTC');
    expect(email.text).toContain('  • Teammate Invited ×5 in the last 7 days, last 2 days ago (+20)');
    expect(email.text).toContain('Open the lead: https://kindling.example/leads/u_42');
    expect(email.html).toContain('Analytical &lt;Engines&gt;');
    expect(email.html).not.toContain('<Engines>');
  });
});

describe('renderDigestEmail', () => {
  it('lists every alert, highest score first, in one message', () => {
    const low = sampleAlert({ id: 'a', name: 'Low Lead', score: 40 });
    const high = sampleAlert({ id: 'b', name: 'High Lead', score: 90 });
    const email = renderDigestEmail([low, high], '2024-05-01');
    expect(email.subject).toBe('[Kindling] Daily PQL digest for 2024-05-01: 2 leads');
    expect(email.text.indexOf('High Lead')).toBeLessThan(email.text.indexOf('Low Lead'));
    expect(email.html.indexOf('High Lead')).toBeLessThan(email.html.indexOf('Low Lead'));
  });
});
