import { describe, expect, it } from 'vitest';
import { redact } from './redact.ts';

describe('redact', () => {
  it('removes secrets and keeps only the origin of URLs', () => {
    const text =
      'POST https://hooks.slack.com/services/T0/B0/XyZ failed; token pat-na1-abc; see https://x.example';
    const out = redact(text, ['pat-na1-abc']);
    expect(out).toBe(
      'POST https://hooks.slack.com/[redacted] failed; token [redacted]; see https://x.example',
    );
  });
});

describe('redact with a secret URL', () => {
  it('also removes its path and long segments when a receiver echoes them', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX';
    expect(redact('not found: /services/T000/B000/XXXXsecretXXXX', [url])).toBe('not found: [redacted]');
    expect(redact('bad token XXXXsecretXXXX', [url])).toBe('bad token [redacted]');
  });
});
