import { isFreeEmail } from 'free-email-domains-list';
import { describe, expect, it } from 'vitest';
import { buildPopulation } from './population.ts';

describe('buildPopulation', () => {
  it('places exactly the users asked for, a few of them personal sign-ups', () => {
    const p = buildPopulation({ seed: 1, users: 10_000, accounts: 1000, days: 90 });
    const members = p.memberCounts.reduce((a, b) => a + b, 0);
    expect(members + p.freeMailUsers).toBe(10_000);
    expect(p.freeMailUsers).toBe(300);
    expect(Math.min(...p.memberCounts)).toBe(1);
  });

  it('has single-user accounts and accounts with dozens of users', () => {
    const p = buildPopulation({ seed: 2, users: 10_000, accounts: 1000, days: 90 });
    const single = p.memberCounts.filter((n) => n === 1).length;
    const dozens = p.memberCounts.filter((n) => n >= 24).length;
    expect(single).toBeGreaterThan(50);
    expect(dozens).toBeGreaterThan(20);
  });

  it('gives fewer users than accounts one user each to the first accounts', () => {
    const p = buildPopulation({ seed: 1, users: 50, accounts: 100, days: 30 });
    expect(p.corporateUsers).toBe(48);
    expect(p.memberCounts.slice(0, 48)).toEqual(Array(48).fill(1));
    expect(p.memberCounts.slice(48).every((n) => n === 0)).toBe(true);
  });

  it('gives every account a unique corporate domain, past every name grid', () => {
    const p = buildPopulation({ seed: 9, users: 0, accounts: 40_000, days: 30 });
    const domains = p.accounts.map((a) => a.domain);
    expect(new Set(domains).size).toBe(domains.length);
    expect(domains.filter((d) => isFreeEmail(`someone@${d}`))).toEqual([]);
  });

  it('skews company size: mostly small, a long tail of large companies', () => {
    const p = buildPopulation({ seed: 4, users: 0, accounts: 5000, days: 30 });
    const sizes = p.accounts.map((a) => a.companySize).sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(median).toBeGreaterThan(10);
    expect(median).toBeLessThan(60);
    expect(mean).toBeGreaterThan(2 * median);
    expect(sizes.filter((s) => s >= 1000).length).toBeGreaterThan(20);
  });

  it('has a few customers, a few active deals and CRM owners for some', () => {
    const p = buildPopulation({ seed: 4, users: 0, accounts: 5000, days: 30 });
    const share = (f: (a: (typeof p.accounts)[number]) => boolean) => p.accounts.filter(f).length / 5000;
    expect(share((a) => a.customer)).toBeGreaterThan(0.05);
    expect(share((a) => a.customer)).toBeLessThan(0.2);
    expect(share((a) => a.activeDeal)).toBeGreaterThan(0.005);
    expect(share((a) => a.activeDeal)).toBeLessThan(0.06);
    expect(share((a) => a.crmOwnerEmail !== null)).toBeGreaterThan(0.1);
    expect(share((a) => a.crmOwnerEmail !== null)).toBeLessThan(0.5);
  });
});
