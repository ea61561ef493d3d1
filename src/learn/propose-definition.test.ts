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
});
