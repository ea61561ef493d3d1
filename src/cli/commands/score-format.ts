/** Renders scores as a table for people, or as JSON / CSV for other programs. */
import type { DefinitionIR } from '../../definition/ir.ts';
import type { EntityScore } from '../../score/entity-score.ts';
import { scoreRecord } from '../../score/score-record.ts';

export type ScoreFormat = 'table' | 'json' | 'csv';

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function formatScores(
  scores: readonly EntityScore[],
  context: { format: ScoreFormat; version: string; ir: DefinitionIR },
): string {
  if (context.format === 'json')
    return `${JSON.stringify(
      scores.map((s) => scoreRecord(s, context.version)),
      null,
      2,
    )}\n`;
  const named = context.ir.signals.filter((s) => !s.inline).map((s) => s.name);
  if (context.format === 'csv') {
    const header = [
      'entity_type',
      'entity_id',
      'score',
      'tier',
      'hand_raiser',
      'definition_version',
      ...named,
    ];
    const lines = scores.map((s) =>
      [
        s.entityType,
        s.entityId,
        s.score,
        s.tier,
        s.handRaiser,
        context.version,
        ...named.map((n) => s.signals[n]?.holds),
      ]
        .map(csvCell)
        .join(','),
    );
    return `${[header.join(','), ...lines].join('\n')}\n`;
  }
  // What a person scans for: the signals that earned points (strongest first), and hand-raisers.
  const pointed = [...context.ir.points].sort((a, b) => b.points - a.points);
  const reasons = (s: EntityScore) => [
    ...context.ir.handRaisers.filter((n) => s.signals[n]?.holds).map((n) => `${n} (hand-raiser)`),
    ...pointed
      .filter((p) => s.signals[p.signal]?.holds)
      .map((p) => `${p.signal} ${p.points > 0 ? '+' : ''}${p.points}`),
  ];
  const rows = scores.map((s) => [
    s.entityId,
    String(s.score),
    s.tier ?? '-',
    s.handRaiser ? 'yes' : '',
    reasons(s).join(', '),
  ]);
  const header = [context.ir.entity, 'score', 'tier', 'hand-raiser', 'why (points before recency)'];
  const widths = header.map((h, i) =>
    Math.min(40, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))),
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  const footer = `${scores.length} ${context.ir.entity}s, definition ${context.ir.name} version ${context.version}`;
  return `${[line(header), ...rows.map(line), footer].join('\n')}\n`;
}
