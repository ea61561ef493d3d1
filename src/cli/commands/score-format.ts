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
  const rows = scores.map((s) => [
    s.entityId,
    String(s.score),
    s.tier ?? '-',
    s.handRaiser ? 'yes' : '',
    named.filter((n) => s.signals[n]?.holds).join(', '),
  ]);
  const header = [context.ir.entity, 'score', 'tier', 'hand-raiser', 'signals that hold'];
  const widths = header.map((h, i) =>
    Math.min(40, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))),
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  const footer = `${scores.length} ${context.ir.entity}s, definition ${context.ir.name} version ${context.version}`;
  return `${[line(header), ...rows.map(line), footer].join('\n')}\n`;
}
