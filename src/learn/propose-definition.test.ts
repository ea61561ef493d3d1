import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../definition/load-definition.ts';
import { calibrate } from './calibrate.ts';
import type { CalibrationReport } from './calibration-report.ts';
import { diffDefinitions } from './diff-definitions.ts';
import type { FeatureMatrix } from './feature-matrix.ts';
import { proposeDefinition } from './propose-definition.ts';
import { seededRandom, syntheticMatrix } from './testing.ts';

const CURRENT = `kindling: 1
name: team-pql
entity: account
signals:
  seat_limit:
    event: Seat Limit Reached
    within: 14d
  invites: # teammates invited
    event: Teammate Invited
    within: 14d
    at_least: 2
  pricing:
    event: $page
    where: { path: /pricing }
    within: 7d
  personal_email:
    trait: email_domain
    in: [gmail.com]
points:
  seat_limit: 30 # the strongest buying signal
  pricing: 10
  personal_email: -20
hand_raisers: [seat_limit]
tiers:
  cold: 0
  hot: 50
`;

function namedMatrix(): FeatureMatrix {
  const base = syntheticMatrix({ rows: 6000, coefficients: [2, 0, -1], intercept: -2.5, seed: 21 });
  const names = ['seat_limit', 'pricing', 'personal_email'];
  const random = seededRandom(3);
  const invites = Float64Array.from(
    base.labels,
    (label) => Math.floor(random() * 3) + (label === 1 && random() < 0.7 ? 4 : 0),
  );
  return {
    ...base,
    features: [
      ...base.features.map((feature, j) => ({ ...feature, name: names[j] ?? feature.name })),
      { name: 'invites', label: 'Invited teammates', kind: 'count', values: invites },
    ],
  };
}

function reportOf(matrix: FeatureMatrix): CalibrationReport {
  const result = calibrate(matrix, { target: { targetRate: 10 } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('proposeDefinition', () => {
  const report = reportOf(namedMatrix());

  it('replaces points, tiers and count cuts, keeps everything else, and validates', () => {
    const proposed = proposeDefinition(CURRENT, report, { name: 'team-pql', entity: 'account' });
    if (!proposed.ok) throw new Error(proposed.error.message);
    const { ir, problems } = loadDefinition(proposed.value, 'proposed.yml');
    expect(problems).toEqual([]);
    const points = Object.fromEntries(ir?.points.map((p) => [p.signal, p.points]) ?? []);
    expect(points).toEqual(Object.fromEntries(report.points.map((p) => [p.signal, p.points])));
    expect(points.pricing).toBeUndefined();
    expect(ir?.tiers).toEqual(report.tiers.map((t) => ({ name: t.name, min: t.min })));
    expect(ir?.handRaisers).toEqual(['seat_limit']);
    const invites = ir?.signals.find((s) => s.name === 'invites');
    expect(invites?.kind === 'aggregate' && invites.bounds.atLeast).toBe(4);
    expect(proposed.value).toContain('# the strongest buying signal');
    expect(proposed.value).toContain('# Proposed by kindling calibrate');
  });

  it('diffs readably against the current file', () => {
    const proposed = proposeDefinition(CURRENT, report, { name: 'team-pql', entity: 'account' });
    if (!proposed.ok) throw new Error(proposed.error.message);
    const diff = diffDefinitions(CURRENT, proposed.value);
    expect(diff).toContain('--- current.yml');
    expect(diff).toContain('+++ proposed.yml');
    expect(diff).toContain('-  pricing: 10');
    expect(diff).toContain('-    at_least: 2');
    expect(diff).toContain('+    at_least: 4');
    expect(diffDefinitions(CURRENT, CURRENT)).toBe('');
  });

  it('writes a new file from signal bodies when there is no current definition', () => {
    const bodies = {
      seat_limit: { event: 'Seat Limit Reached', within: '14d' },
      invites: { event: 'Teammate Invited', within: '14d' },
      personal_email: { trait: 'email_domain', in: ['gmail.com'] },
      pricing: { event: '$page', within: '7d' },
    };
    const proposed = proposeDefinition(null, report, { name: 'new-pql', entity: 'user', signals: bodies });
    if (!proposed.ok) throw new Error(proposed.error.message);
    const { ir } = loadDefinition(proposed.value, 'new.yml');
    expect(ir?.name).toBe('new-pql');
    expect(ir?.entity).toBe('user');
    expect(ir?.points.length).toBe(report.points.length);
  });

  it('returns coded errors for an unknown signal, an uncuttable one and a broken current file', () => {
    const unknown = proposeDefinition(null, report, { name: 'x', entity: 'user' });
    expect(!unknown.ok && unknown.error.code).toBe('unknown-signal');
    const traitCount = CURRENT.replace(
      'invites: # teammates invited\n    event: Teammate Invited\n    within: 14d\n    at_least: 2',
      'invites:\n    trait: seats\n    gte: 2',
    );
    const uncuttable = proposeDefinition(traitCount, report, { name: 'team-pql', entity: 'account' });
    expect(!uncuttable.ok && uncuttable.error.code).toBe('cannot-set-cut');
    const broken = proposeDefinition('kindling: 1\nname: x\n', report, { name: 'x', entity: 'user' });
    expect(!broken.ok && broken.error.code).toBe('invalid-definition');
  });

  it("keeps a routed file's tier names, routing and destinations, moving only the minimums (issue 11, defect 9)", () => {
    const routed = `${CURRENT.replace('tiers:\n  cold: 0\n  hot: 50\n', '')}tiers:
  quiet: 0 # self-serve
  lukewarm: 20
  qualified: 50 # the PQL line
  on_fire: 80
destinations:
  sales-hook:
    kind: webhook
    url_env: SALES_HOOK_URL
    secret_env: SALES_HOOK_SECRET
routing:
  rules:
    - name: fire # an AE within 4 hours
      when: { tier: on_fire }
      notify: [sales-hook]
    - name: pql
      when: { tier: qualified }
      notify: [sales-hook]
`;
    const current = loadDefinition(routed, 'routed.yml').ir;
    if (current === null) throw new Error('the routed definition does not load');
    const result = calibrate(namedMatrix(), {
      target: { targetRate: 10 },
      currentTiers: { tiers: current.tiers, pqlTier: 'qualified' },
    });
    if (!result.ok) throw new Error(result.error.message);
    const tiers = result.value.tiers;
    expect(tiers.map((t) => t.name)).toEqual(['quiet', 'lukewarm', 'qualified', 'on_fire']);
    expect(tiers.find((t) => t.name === 'qualified')?.min).toBe(result.value.threshold.threshold);
    const proposed = proposeDefinition(routed, result.value, { name: 'team-pql', entity: 'account' });
    if (!proposed.ok) throw new Error(proposed.error.message);
    const { ir, problems } = loadDefinition(proposed.value, 'proposed.yml');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(ir?.tiers.map((t) => t.name)).toEqual(['quiet', 'lukewarm', 'qualified', 'on_fire']);
    expect(proposed.value).toContain(routed.slice(routed.indexOf('destinations:')));
    expect(proposed.value).toMatch(/^ {2}qualified: \d+ # the PQL line$/m);
    const diff = diffDefinitions(routed, proposed.value);
    expect(diff).not.toMatch(/^[-+] .*(routing|rules|notify|when|destinations|webhook)/m);
    expect(diff).not.toMatch(/^[-+] {2}quiet/m);
  });

  it('proposes on examples/kindling.yml, whose routing names every tier (issue 11, defect 9)', () => {
    const path = resolve(import.meta.dirname, '../../examples/kindling.yml');
    const text = readFileSync(path, 'utf8');
    const current = loadDefinition(text, path).ir;
    if (current === null) throw new Error('examples/kindling.yml does not load');
    // Scores with nothing above the PQL line: before, the tier above it was left out.
    const matrix = namedMatrix();
    const scores = Float64Array.from(matrix.labels, (label, i) => (label === 1 ? 60 : i % 50));
    const kept = calibrate(
      { ...matrix, current: { scores, qualified: Uint8Array.from(scores, (s) => (s >= 51 ? 1 : 0)) } },
      { target: { targetRate: 10 }, currentTiers: { tiers: current.tiers, pqlTier: 'hot' } },
    );
    if (!kept.ok) throw new Error(kept.error.message);
    const report: CalibrationReport = {
      ...kept.value,
      proposal: { source: 'current', reason: 'kept' },
      points: [],
    };
    const proposed = proposeDefinition(text, report, { name: current.name, entity: current.entity });
    if (!proposed.ok) throw new Error(proposed.error.message);
    expect(loadDefinition(proposed.value, path).problems.filter((p) => p.severity === 'error')).toEqual([]);
    const changed = diffDefinitions(text, proposed.value)
      .split('\n')
      .filter((line) => /^[-+][^-+]/.test(line) && !line.startsWith('+#'));
    expect(changed.length).toBeGreaterThan(0);
    for (const line of changed) expect(line).toMatch(/^[-+] {2}(warm|hot|burning): \d+$/);
  });
});
