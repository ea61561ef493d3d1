import { describe, expect, it } from 'vitest';
import { WHY_AS_OF, whyReceipt } from '../../test/support/why-scenario.ts';
import { parseReceipt, topSignals } from './receipt-summary.ts';

/** As the lead queue reads it: the receipt stored as JSON in `qualifications.receipt`. */
const stored = (id: 'u1' | 'u2') => {
  const receipt = parseReceipt(JSON.stringify(whyReceipt(id)));
  if (receipt === null) throw new Error('a stored receipt parses');
  return receipt;
};

describe("the lead queue's why", () => {
  it('lists what took points away after the positives, with its evidence', () => {
    const rows = topSignals(stored('u1'), WHY_AS_OF);
    expect(rows.map((row) => [row.kind, row.points, row.text])).toEqual([
      ['positive', 70, 'Seat Limit Reached ×1 in the last 30 days, last 2 days ago'],
      ['positive', 20, 'Invited teammates: Teammate Invited ×1 in the last 30 days, last 3 days ago'],
      ['positive', 5, 'Viewed the pricing page ×1 in the last 30 days, last 1 day ago'],
      ['negative', -30, 'Personal e-mail address: email domain is "gmail.com"'],
    ]);
  });

  it('shows a hand-raiser first with its behaviour, and no signal ids, marks or $page', () => {
    const rows = topSignals(stored('u2'), WHY_AS_OF);
    expect(rows).toEqual([
      {
        signal: 'requested_demo',
        label: 'Requested a demo',
        kind: 'hand_raiser',
        points: 0,
        text: 'Requested a demo: Demo Requested ×1 in the last 30 days, last 1 minute ago',
      },
    ]);
    const texts = [...rows, ...topSignals(stored('u1'), WHY_AS_OF)].map((row) => `${row.label} ${row.text}`);
    expect(texts.join('\n')).not.toMatch(/\$page|[✓✗]|[a-z]_[a-z]|\.\d/);
  });
});
