import { describe, expect, it } from 'vitest';
import { WHY_AS_OF, whyReceipt } from '../../../test/support/why-scenario.ts';
import { describeSignal, signalBehaviour } from './describe-signal.ts';
import type { SignalReceipt } from './receipt.ts';

function signal(entityId: 'u1' | 'u2', name: string): SignalReceipt {
  const found = whyReceipt(entityId).signals.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no signal ${name}`);
  return found;
}

describe('describeSignal in words people read', () => {
  it('describes an inline any: item by its evidence, never by its generated name or a ✓/✗ mark', () => {
    const text = describeSignal(signal('u1', 'hit_free_tier_limit'), WHY_AS_OF);
    expect(text).toBe('Seat Limit Reached ×1 in the last 30 days, last 2 days ago');
    expect(signalBehaviour(signal('u1', 'hit_free_tier_limit'))).toBe(
      'Seat Limit Reached or Usage Limit Reached',
    );
  });

  it('says which page a page call was, not $page', () => {
    const text = describeSignal(signal('u1', 'pricing'), WHY_AS_OF);
    expect(text).toBe('viewed the pricing page ×1 in the last 30 days, last 1 day ago');
    expect(signalBehaviour(signal('u1', 'pricing'))).toBe('viewed the pricing page');
  });

  it('words trait keys and missing combinations plainly', () => {
    expect(describeSignal(signal('u1', 'personal_email'), WHY_AS_OF)).toBe(
      'Personal e-mail address: email domain is "gmail.com"',
    );
    expect(describeSignal(signal('u2', 'hit_free_tier_limit'), WHY_AS_OF)).toBe(
      'not yet: Seat Limit Reached or Usage Limit Reached',
    );
  });

  it('never shows ids, marks or $ names for any signal of the scenario', () => {
    for (const id of ['u1', 'u2'] as const) {
      for (const s of whyReceipt(id).signals) {
        const text = describeSignal(s, WHY_AS_OF);
        expect(text).not.toMatch(/[✓✗$]|\.\d|[a-z]_[a-z]/);
      }
    }
  });
});
